-- Accounts, projects, tasks with their units of work, annotations and drafts.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  -- Guessing defence: consecutive failed sign-ins and when the last one happened.
  failed_logins integer NOT NULL DEFAULT 0,
  last_failed_login_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie's token, so a leaked table does not leak live sessions.
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'audio')),
  instructions text NOT NULL DEFAULT '',
  ontology jsonb NOT NULL,
  settings jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE project_members (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'labeler', 'reviewer')),
  PRIMARY KEY (project_id, user_id, role)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'leased', 'submitted', 'completed', 'canceled', 'error')),
  priority integer NOT NULL DEFAULT 0,
  data jsonb NOT NULL,
  -- Bumped on every status change; transitions check it (optimistic concurrency).
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  completed_at timestamptz
);
CREATE INDEX tasks_project_idx ON tasks (project_id, created_at);

-- One row per unit of human work (a labeling slot, later a review pass), so claiming
-- never has to count locks: a row is either available, leased to one person, or done.
CREATE TABLE work_items (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('label', 'review')),
  status text NOT NULL CHECK (status IN ('available', 'leased', 'done', 'canceled')),
  priority integer NOT NULL,
  -- The item's place in line; an expired lease keeps it, so the item is not sent to the back.
  queued_at timestamptz NOT NULL,
  leased_by uuid REFERENCES users (id),
  lease_token text,
  lease_expires_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  CHECK ((status = 'leased') = (lease_token IS NOT NULL))
);
-- Partial indexes: claims scan only available rows, sweeps only leased ones.
CREATE INDEX work_items_claim_idx ON work_items (project_id, stage, priority DESC, queued_at) WHERE status = 'available';
CREATE INDEX work_items_leased_idx ON work_items (project_id, lease_expires_at) WHERE status = 'leased';
CREATE INDEX work_items_holder_idx ON work_items (leased_by, project_id) WHERE status = 'leased';
CREATE INDEX work_items_task_idx ON work_items (task_id);

CREATE TABLE annotations (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  work_item_id uuid NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  -- Made by the client: a repeated submit finds its first result here.
  submission_id uuid NOT NULL UNIQUE,
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX annotations_task_idx ON annotations (task_id, created_at DESC);

CREATE TABLE drafts (
  work_item_id uuid PRIMARY KEY REFERENCES work_items (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  document jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Provenance: every status change of a task, who made it and why.
CREATE TABLE task_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id),
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX task_events_task_idx ON task_events (task_id, id);
