import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. Keep in step with db/migrations. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tasks: TasksTable;
  work_items: WorkItemsTable;
  /** Finished work items moved out of `work_items` by the archive job (0009); same columns. */
  work_items_archive: WorkItemsTable;
  /** View: `work_items` UNION ALL `work_items_archive`, for reads of finished work. Never write to it. */
  work_items_all: WorkItemsTable;
  annotations: AnnotationsTable;
  drafts: DraftsTable;
  task_events: TaskEventsTable;
  schema_migrations: { name: string; applied_at: Generated<Date> };
  api_keys: ApiKeysTable;
  blobs: BlobsTable;
  work_passes: WorkPassesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  reviews: ReviewsTable;
  review_gold: ReviewGoldTable;
  reviewer_checks: ReviewerChecksTable;
  instruction_versions: InstructionVersionsTable;
  instruction_flags: InstructionFlagsTable;
  gold_answers: GoldAnswersTable;
  gold_submissions: GoldSubmissionsTable;
  findings: FindingsTable;
  courses: CoursesTable;
  course_attempts: CourseAttemptsTable;
  course_postponements: CoursePostponementsTable;
}

type Timestamp = ColumnType<Date, Date, Date>;
/** jsonb: read as parsed JSON, written as a JSON string (both drivers accept that). */
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  failed_logins: Generated<number>;
  last_failed_login_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ProjectsTable {
  id: string;
  name: string;
  kind: 'image' | 'audio';
  instructions: string;
  ontology: Json<unknown>;
  settings: Json<unknown>;
  created_at: Timestamp;
  callback_key: Generated<string>;
  instructions_version: Generated<number>;
  /** Raised by a trigger on every change of name, ontology or settings (0010). */
  config_version: Generated<number>;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: 'owner' | 'labeler' | 'reviewer';
}

export interface TasksTable {
  id: string;
  project_id: string;
  status: 'pending' | 'leased' | 'submitted' | 'completed' | 'canceled' | 'error';
  priority: number;
  data: Json<unknown>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  customer_id: string | null;
  type: Generated<string>;
  params: ColumnType<unknown, string | undefined, string>;
  callback_url: string | null;
  instruction: string | null;
  metadata: ColumnType<unknown, string | undefined, string>;
  unique_id: string | null;
  batch: string | null;
  response: ColumnType<unknown, string | null | undefined, string | null>;
  error_reason: string | null;
  callback_succeeded: boolean | null;
  blob_id: string | null;
  prefill: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface WorkItemsTable {
  id: string;
  task_id: string;
  project_id: string;
  stage: 'label' | 'review';
  status: 'available' | 'leased' | 'done' | 'canceled';
  priority: number;
  queued_at: Timestamp;
  leased_by: string | null;
  lease_token: string | null;
  lease_expires_at: Timestamp | null;
  leased_at: Timestamp | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  review_pass: number | null;
  reserved_for: string | null;
  reserved_until: Timestamp | null;
  review_gold: Generated<boolean>;
  gold: Generated<boolean>;
}

export interface AnnotationsTable {
  id: string;
  task_id: string;
  work_item_id: string;
  user_id: string;
  submission_id: string;
  document: Json<unknown>;
  created_at: Timestamp;
  instructions_version: number | null;
}

export interface DraftsTable {
  work_item_id: string;
  user_id: string;
  document: Json<unknown>;
  updated_at: Timestamp;
}

export interface TaskEventsTable {
  id: Generated<string>;
  task_id: string;
  actor_id: string | null;
  from_status: string | null;
  to_status: string;
  reason: string;
  at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  default_project_id: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface BlobsTable {
  id: string;
  sha256: string;
  content_type: string;
  size_bytes: ColumnType<string, number, number>;
  width: number | null;
  height: number | null;
  duration_sec: number | null;
  source_url: string | null;
  created_at: Timestamp;
  /** A customer's file uploaded through the API (0013): whose it is, and its name. */
  uploaded_by: ColumnType<string | null, string | null | undefined, string | null>;
  filename: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WorkPassesTable {
  task_id: string;
  stage: 'label' | 'review';
  user_id: string;
  outcome: 'submitted' | 'skipped' | 'expired';
  reason: string | null;
  at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  task_id: string;
  event: string;
  url: string;
  body: Json<unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface ReviewsTable {
  id: string;
  task_id: string;
  project_id: string;
  work_item_id: string;
  pass: number;
  reviewer_id: string;
  labeler_id: string;
  outcome: 'accepted' | 'fixed' | 'rejected';
  base_annotation_id: string | null;
  result_annotation_id: string | null;
  submission_id: string;
  comments: Json<unknown>;
  diff: Json<unknown>;
  findings: Json<unknown>;
  created_at: Timestamp;
}

export interface InstructionVersionsTable {
  project_id: string;
  version: number;
  text: string;
  note: Generated<string>;
  published_by: string | null;
  published_at: Timestamp;
}

export interface InstructionFlagsTable {
  id: string;
  project_id: string;
  task_id: string;
  user_id: string;
  section: Generated<string>;
  note: string;
  object_id: string | null;
  point: ColumnType<unknown, string | null | undefined, string | null>;
  instructions_version: number;
  created_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export interface GoldAnswersTable {
  task_id: string;
  project_id: string;
  document: Json<unknown>;
  source_annotation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  active: Generated<boolean>;
}

export interface GoldSubmissionsTable {
  id: string;
  work_item_id: string | null;
  task_id: string;
  project_id: string;
  user_id: string;
  submission_id: string;
  document: Json<unknown>;
  purpose: Generated<'stream' | 'practice'>;
  duration_ms: number;
  size_objects: number;
  objects_total: number;
  objects_correct: number;
  created_at: Timestamp;
  course_attempt_id: string | null;
}

export interface FindingsTable {
  id: string;
  project_id: string;
  task_id: string;
  user_id: string;
  gold_submission_id: string | null;
  type: string;
  object_id: string | null;
  reference_id: string | null;
  magnitude: number;
  explanation: string;
  detail: ColumnType<unknown, string | undefined, string>;
  source: 'gold' | 'review';
  created_at: Timestamp;
  review_id: string | null;
  acknowledged_at: Timestamp | null;
}

export interface CoursesTable {
  project_id: string;
  finding_type: string;
  lesson_md: string | null;
  mandatory: Generated<boolean>;
  updated_at: Timestamp;
}

export interface CourseAttemptsTable {
  id: string;
  project_id: string;
  user_id: string;
  finding_type: string;
  task_ids: string[];
  answered: Generated<number>;
  correct: Generated<number>;
  score: number | null;
  passed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface CoursePostponementsTable {
  project_id: string;
  user_id: string;
  finding_type: string;
  at: Timestamp;
}

export interface ReviewGoldTable {
  task_id: string;
  project_id: string;
  planted: Json<unknown>;
  shown_labeler_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReviewerChecksTable {
  id: string;
  project_id: string;
  task_id: string;
  work_item_id: string;
  reviewer_id: string;
  submission_id: string;
  outcome: 'accepted' | 'fixed' | 'rejected';
  planted: number;
  caught: number;
  findings: Json<unknown>;
  created_at: Timestamp;
}
