import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. Keep in step with db/migrations. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  tasks: TasksTable;
  work_items: WorkItemsTable;
  annotations: AnnotationsTable;
  drafts: DraftsTable;
  task_events: TaskEventsTable;
  schema_migrations: { name: string; applied_at: Generated<Date> };
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
  attempts: Generated<number>;
  created_at: Timestamp;
}

export interface AnnotationsTable {
  id: string;
  task_id: string;
  work_item_id: string;
  user_id: string;
  submission_id: string;
  document: Json<unknown>;
  created_at: Timestamp;
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
