-- The customer API (Scale-compatible): task inputs and results, API keys, media blobs,
-- who passed on which task, and the webhook outbox.

-- The claim orders by (priority DESC, queued_at, id): with id in the index the planner stops at the
-- first unlocked row instead of sorting every available item of the project.
DROP INDEX work_items_claim_idx;
CREATE INDEX work_items_claim_idx ON work_items (project_id, stage, priority DESC, queued_at, id) WHERE status = 'available';

-- When the current lease began (heartbeats move lease_expires_at, not this), for the owner's queue view.
ALTER TABLE work_items ADD COLUMN leased_at timestamptz;

ALTER TABLE projects ADD COLUMN callback_key text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);

ALTER TABLE tasks
  -- The account whose API key created the task (null for tasks added in the app).
  ADD COLUMN customer_id uuid REFERENCES users (id),
  ADD COLUMN type text NOT NULL DEFAULT 'imageannotation',
  -- The customer's inputs as sent (attachment, objects_to_annotate, geometries, ...).
  ADD COLUMN params jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN callback_url text,
  ADD COLUMN instruction text,
  ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN unique_id text,
  ADD COLUMN batch text,
  ADD COLUMN response jsonb,
  ADD COLUMN error_reason text,
  ADD COLUMN callback_succeeded boolean,
  -- The stored media file of the task, when the server fetched or received it.
  ADD COLUMN blob_id uuid,
  -- The customer's pre-annotations (hypothesis) as an annotation document the labeler starts from.
  ADD COLUMN prefill jsonb;
CREATE UNIQUE INDEX tasks_customer_unique_id_idx ON tasks (customer_id, unique_id) WHERE unique_id IS NOT NULL;
CREATE INDEX tasks_customer_created_idx ON tasks (customer_id, created_at DESC, id DESC);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- SHA-256 of the key; the key itself is shown once, at creation.
  key_hash text NOT NULL UNIQUE,
  -- The first characters of the key, so owners can tell keys apart.
  prefix text NOT NULL,
  -- Tasks that name no project go here.
  default_project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE TABLE blobs (
  id uuid PRIMARY KEY,
  sha256 text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  width integer,
  height integer,
  duration_sec double precision,
  source_url text,
  created_at timestamptz NOT NULL
);

-- People who already had a task in a stage (submitted, skipped, or let the lease expire):
-- the queue never hands it to them again in that stage.
CREATE TABLE work_passes (
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  stage text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  outcome text NOT NULL CHECK (outcome IN ('submitted', 'skipped', 'expired')),
  reason text,
  at timestamptz NOT NULL,
  PRIMARY KEY (task_id, stage, user_id)
);

-- The outbox: a delivery row is written in the same transaction that completes the task, so a
-- completion is never without its callback, and deliveries survive restarts.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  event text NOT NULL,
  url text NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- A short lease while one process is sending, so no other process sends it at the same time.
  locked_by text,
  locked_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_task_idx ON webhook_deliveries (task_id, created_at);

CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
