import { z } from 'zod';

/** A person's role in one project; a person may hold several. */
export const RoleSchema = z.enum(['owner', 'labeler', 'reviewer']);
export type Role = z.infer<typeof RoleSchema>;

/** What a project labels. */
export const ProjectKindSchema = z.enum(['image', 'audio']);
export type ProjectKind = z.infer<typeof ProjectKindSchema>;

/**
 * An attribute objects of a class carry: a checkbox (boolean), a select (one of `options`) or free text.
 * A `required` attribute must have a value before the task can be submitted.
 */
export const AttributeSpecSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ or -'),
    name: z.string().min(1).max(200),
    type: z.enum(['checkbox', 'select', 'text']),
    options: z.array(z.string().min(1).max(200)).max(200).optional(),
    required: z.boolean().optional(),
  })
  .refine((a) => a.type !== 'select' || (a.options?.length ?? 0) > 0, { message: 'a select needs options', path: ['options'] });
export type AttributeSpec = z.infer<typeof AttributeSpecSchema>;

/** One class of the ontology. `color` is a CSS hex colour; `hotkey` a single key ('1'..'9'). */
export const OntologyClassSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ or -'),
  name: z.string().min(1).max(200),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #ff8800'),
  hotkey: z.string().length(1).optional(),
  attributes: z.array(AttributeSpecSchema).max(100).optional(),
});
export type OntologyClass = z.infer<typeof OntologyClassSchema>;

export const OntologySchema = z.object({
  classes: z.array(OntologyClassSchema).max(1000),
});
export type Ontology = z.infer<typeof OntologySchema>;

/** Queue settings of a project, each field optional (for updates: only what is sent changes). */
export const ProjectSettingsPatchSchema = z.object({
  leaseTtlMs: z.number().int().min(10_000).max(24 * 3600_000).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** Review passes each task gets after labeling; 0 completes a task when it is submitted. */
  reviewPasses: z.number().int().min(0).max(2).optional(),
  /** Let customer attachment and callback URLs reach loopback and private addresses (off: SSRF guard). */
  allowPrivateUrls: z.boolean().optional(),
  /** Segmentation: `instance` (each painted object its own mask) or `semantic` (one mask per class). */
  maskMode: z.enum(['instance', 'semantic']).optional(),
  /** Painting onto pixels another mask holds: `paint-over` takes them, `unlabeled-only` leaves them. */
  maskOverlap: z.enum(['paint-over', 'unlabeled-only']).optional(),
});

/** Queue settings of a project, with their defaults. */
export const ProjectSettingsSchema = z.object({
  leaseTtlMs: z.number().int().min(10_000).max(24 * 3600_000).default(600_000),
  maxAttempts: z.number().int().min(1).max(100).default(5),
  reviewPasses: z.number().int().min(0).max(2).default(0),
  allowPrivateUrls: z.boolean().default(false),
  maskMode: z.enum(['instance', 'semantic']).default('instance'),
  maskOverlap: z.enum(['paint-over', 'unlabeled-only']).default('paint-over'),
});
export type MaskMode = ProjectSettings['maskMode'];
export type MaskOverlap = ProjectSettings['maskOverlap'];
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const CreateProjectBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: ProjectKindSchema,
  instructions: z.string().max(100_000).default(''),
  ontology: OntologySchema.default({ classes: [] }),
  settings: ProjectSettingsPatchSchema.default({}),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBodySchema>;

/** A project as a member sees it, with the caller's own roles. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProjectKindSchema,
  instructions: z.string(),
  ontology: OntologySchema,
  settings: ProjectSettingsSchema,
  myRoles: z.array(RoleSchema),
  createdAt: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** Body of `POST /api/projects/:projectId/members` (owners only). */
export const AddMemberBodySchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  role: RoleSchema,
});

/** Body of `PUT /api/projects/:projectId` (owners): any of these; settings merge into the current ones. */
export const UpdateProjectBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  instructions: z.string().max(100_000).optional(),
  ontology: OntologySchema.optional(),
  settings: ProjectSettingsPatchSchema.optional(),
});
export type UpdateProjectBody = z.infer<typeof UpdateProjectBodySchema>;

/** The owner's view of a project's queue. */
export const QueueStatsSchema = z.object({
  counts: z.record(z.string(), z.number()),
  leases: z.array(z.object({ taskId: z.string(), email: z.string(), name: z.string(), leasedAt: z.string().nullable(), expiresAt: z.string() })),
  throughput: z.object({
    lastHour: z.number(),
    last24h: z.number(),
    perMinute: z.array(z.object({ minute: z.string(), completed: z.number() })),
  }),
});
export type QueueStats = z.infer<typeof QueueStatsSchema>;
