-- Review passes: who reviewed what, with which outcome, and the routing of passes to reviewers.

-- Which review pass (1 or 2) a review item is; null for labeling items.
ALTER TABLE work_items ADD COLUMN review_pass smallint CHECK (review_pass IN (1, 2));
-- A reserved item is offered only to `reserved_for`: a rejected task's rework goes back to its labeler
-- (no expiry), a second pass to the reviewer chosen by routing (until `reserved_until`, then to anyone).
ALTER TABLE work_items ADD COLUMN reserved_for uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE work_items ADD COLUMN reserved_until timestamptz;

-- One row per finished review pass. `base_annotation_id` is the version the reviewer was shown,
-- `result_annotation_id` the reviewer's fixed version (null when accepted unchanged or rejected).
CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  work_item_id uuid NOT NULL UNIQUE REFERENCES work_items (id) ON DELETE CASCADE,
  pass smallint NOT NULL,
  reviewer_id uuid NOT NULL REFERENCES users (id),
  labeler_id uuid NOT NULL REFERENCES users (id),
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'fixed', 'rejected')),
  base_annotation_id uuid REFERENCES annotations (id) ON DELETE SET NULL,
  result_annotation_id uuid REFERENCES annotations (id) ON DELETE SET NULL,
  -- Made by the client: a repeated decision finds its first result here.
  submission_id uuid NOT NULL UNIQUE,
  -- Reject comments, each with optional pins: [{ text, objectId?, point?: {x, y} }].
  comments jsonb NOT NULL DEFAULT '[]',
  -- What the fix changed (core/review/diff.ts) and the typed findings it implies for the labeler (core/quality).
  diff jsonb NOT NULL DEFAULT '[]',
  findings jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL
);
CREATE INDEX reviews_task_idx ON reviews (task_id, created_at);
CREATE INDEX reviews_labeler_idx ON reviews (project_id, labeler_id, created_at DESC);
CREATE INDEX reviews_reviewer_idx ON reviews (project_id, reviewer_id, created_at DESC);

-- Findings a review fix implies for the labeler point at their review (gold findings at their gold submission).
ALTER TABLE findings ADD COLUMN review_id uuid REFERENCES reviews (id) ON DELETE CASCADE;
CREATE INDEX findings_review_idx ON findings (review_id) WHERE review_id IS NOT NULL;
