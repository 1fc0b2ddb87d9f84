-- Gold for reviewers: a gold task served into review with errors planted in it.

CREATE TABLE review_gold (
  task_id uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- The version reviewers are shown: the gold answer with mistakes planted by the owner.
  planted jsonb NOT NULL,
  -- Whose work it is said to be (a labeler of the project), so the check looks like any other review.
  shown_labeler_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);

-- One reserved review item per reviewer; it never touches the customer's task.
ALTER TABLE work_items ADD COLUMN review_gold boolean NOT NULL DEFAULT false;

-- Each reviewer's result on each check.
CREATE TABLE reviewer_checks (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  work_item_id uuid NOT NULL UNIQUE REFERENCES work_items (id) ON DELETE CASCADE,
  reviewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  submission_id uuid NOT NULL UNIQUE,
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'fixed', 'rejected')),
  planted integer NOT NULL,
  caught integer NOT NULL,
  findings jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL
);
CREATE INDEX reviewer_checks_reviewer_idx ON reviewer_checks (project_id, reviewer_id, created_at DESC);
