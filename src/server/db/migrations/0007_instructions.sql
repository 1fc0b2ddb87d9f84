-- Instructions feedback: "instructions unclear" flags, published versions of the instructions, and the
-- version each annotation was made under.

ALTER TABLE projects ADD COLUMN instructions_version integer NOT NULL DEFAULT 1;

CREATE TABLE instruction_versions (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  version integer NOT NULL,
  text text NOT NULL,
  -- What changed, in the owner's words (shown to labelers with the new version).
  note text NOT NULL DEFAULT '',
  published_by uuid REFERENCES users (id),
  published_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, version)
);

ALTER TABLE annotations ADD COLUMN instructions_version integer;

CREATE TABLE instruction_flags (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The instructions section it is about (a heading of the instructions), '' for general.
  section text NOT NULL DEFAULT '',
  note text NOT NULL,
  -- Optional pin: an object of the work and/or a point of the image (image pixels).
  object_id text,
  point jsonb,
  instructions_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  answer text,
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz
);
CREATE INDEX instruction_flags_project_idx ON instruction_flags (project_id, created_at DESC);
