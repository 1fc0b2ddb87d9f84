-- Quality: gold answers, gold submissions with their findings, courses and their results.

-- A task's known answer. A gold task is served to many labelers (each once), from its own pool:
-- its ordinary labeling slot is canceled when it becomes gold.
CREATE TABLE gold_answers (
  task_id uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  document jsonb NOT NULL,
  -- The annotation it was promoted from, when it was (null: set directly by the owner).
  source_annotation_id uuid REFERENCES annotations (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true
);
CREATE INDEX gold_answers_pool_idx ON gold_answers (project_id, created_at, task_id) WHERE active;

-- Gold work items are made per labeler at claim time (never 'available', so the ordinary claim never sees them).
ALTER TABLE work_items ADD COLUMN gold boolean NOT NULL DEFAULT false;
-- One gold item per labeler and task: a racing second claim inserts nothing.
CREATE UNIQUE INDEX work_items_gold_holder_idx ON work_items (task_id, leased_by) WHERE gold;

-- A labeler's answer to a gold task. Kept apart from `annotations` on purpose: it never completes the
-- customer's task, never becomes its latest annotation, and never reaches an export.
CREATE TABLE gold_submissions (
  id uuid PRIMARY KEY,
  -- Null for a practice answer (no queue lease behind it).
  work_item_id uuid UNIQUE REFERENCES work_items (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  submission_id uuid NOT NULL UNIQUE,
  document jsonb NOT NULL,
  -- 'stream': mixed into the queue; 'practice': a course's practice item.
  purpose text NOT NULL DEFAULT 'stream' CHECK (purpose IN ('stream', 'practice')),
  duration_ms integer NOT NULL,
  -- Task size for the too_fast rule: the reference's object count.
  size_objects integer NOT NULL,
  objects_total integer NOT NULL,
  objects_correct integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX gold_submissions_user_idx ON gold_submissions (project_id, user_id, created_at DESC);
CREATE INDEX gold_submissions_size_idx ON gold_submissions (project_id, size_objects, created_at DESC);

-- Typed findings about a labeler's work, from gold comparison now and from reviewers' fixes later.
CREATE TABLE findings (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  gold_submission_id uuid REFERENCES gold_submissions (id) ON DELETE CASCADE,
  type text NOT NULL,
  object_id text,
  reference_id text,
  magnitude double precision NOT NULL,
  explanation text NOT NULL,
  -- The rest of the finding as data (edges, classes, attribute, IoU), for drawing and for class-pair patterns.
  detail jsonb NOT NULL DEFAULT '{}',
  source text NOT NULL CHECK (source IN ('gold', 'review')),
  created_at timestamptz NOT NULL,
  -- When the labeler saw it: gold findings at once (shown inline on submit); review findings wait in the inbox.
  acknowledged_at timestamptz
);
CREATE INDEX findings_inbox_idx ON findings (project_id, user_id, created_at) WHERE acknowledged_at IS NULL;
CREATE INDEX findings_user_idx ON findings (project_id, user_id, created_at DESC);

-- An owner's lesson text for a finding type (absent: the built-in default), and whether it is mandatory.
CREATE TABLE courses (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  finding_type text NOT NULL,
  lesson_md text,
  mandatory boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, finding_type)
);

-- One try at a course's practice set; `passed_at` set when its score reached the project's bar.
CREATE TABLE course_attempts (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  finding_type text NOT NULL,
  task_ids uuid[] NOT NULL,
  answered integer NOT NULL DEFAULT 0,
  correct integer NOT NULL DEFAULT 0,
  score double precision,
  passed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX course_attempts_user_idx ON course_attempts (project_id, user_id, finding_type, created_at DESC);

-- A practice answer belongs to its attempt (one answer per item and attempt).
ALTER TABLE gold_submissions ADD COLUMN course_attempt_id uuid REFERENCES course_attempts (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX gold_submissions_attempt_task_idx ON gold_submissions (course_attempt_id, task_id) WHERE course_attempt_id IS NOT NULL;

-- A labeler postponed a course prompt (allowed once per pattern episode).
CREATE TABLE course_postponements (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  finding_type text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (project_id, user_id, finding_type, at)
);
