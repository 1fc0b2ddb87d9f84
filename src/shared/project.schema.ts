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

/** A class's name for people (its id when the ontology no longer has it). */
export function classNameOf(ontology: Ontology, id: string): string {
  return ontology.classes.find((c) => c.id === id)?.name ?? id;
}

/**
 * The quality settings, optional in both the update and the stored settings (absent: the default of
 * {@link qualitySettingsOf}); one list so the two schemas cannot drift apart.
 */
const QUALITY_SETTING_FIELDS = {
  /** Share of a new labeler's tasks that are gold, falling to `goldRateFloor` as they prove accurate. */
  goldRateStart: z.number().min(0).max(1).optional(),
  goldRateFloor: z.number().min(0).max(1).optional(),
  /** IoU at which a labeler's object matches a gold object. */
  goldMatchIou: z.number().gt(0).max(1).optional(),
  /** Error-pattern rule: a rate above this is a habit (see src/core/quality/patterns.ts). */
  patternRateThreshold: z.number().gt(0).lt(1).optional(),
  /** Share of a course's practice items to get right to pass. */
  coursePassScore: z.number().gt(0).max(1).optional(),
  /** Audio gold: how far a segment boundary may lie from the reference's before it is a `segment_timing` finding, s. */
  segmentTimingToleranceSec: z.number().min(0).max(10).optional(),
  /** New labelers must pass the onboarding course (lesson plus gold practice) before their first task. */
  qualificationRequired: z.boolean().optional(),
};

/** Queue settings of a project, each field optional (for updates: only what is sent changes). */
export const ProjectSettingsPatchSchema = z.object({
  leaseTtlMs: z.number().int().min(10_000).max(24 * 3600_000).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** Review passes each task gets after labeling; 0 completes a task when it is submitted. */
  reviewPasses: z.number().int().min(0).max(2).optional(),
  /** Let customer attachment and callback URLs reach loopback and private addresses (off: SSRF guard). */
  allowPrivateUrls: z.boolean().optional(),
  /** The lowest share of a proven labeler's tasks that still gets reviewed, in [0, 1]. */
  reviewFloorRate: z.number().min(0).max(1).optional(),
  /** Classes whose presence sends a task to review whatever the labeler's record (sampling by slice). */
  rareClassIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
  /** The first N labeled tasks form a calibration batch: all reviewed, and nothing more is handed out until the owner releases it. 0: none. */
  calibrationTasks: z.number().int().min(0).max(10_000).optional(),
  /** The owner has read the calibration report and released production volume. */
  calibrationReleased: z.boolean().optional(),
  ...QUALITY_SETTING_FIELDS,
  /** Audio projects: speaker names offered in the transcript editor (labelers may add new ones). */
  speakers: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  /** Audio projects: tag ids labelers insert by hotkey (`inaudible` → `[inaudible]`). */
  tags: z.array(z.string().trim().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ or -')).max(50).optional(),
  /** Audio projects: whether segments may overlap (crosstalk). */
  allowOverlap: z.boolean().optional(),
  /** Audio projects: proper nouns and jargon the editor completes and checks for near-misses. */
  glossary: z.array(z.string().trim().min(1).max(200)).max(5000).optional(),
  /** Audio projects: keys a foot pedal sends (KeyboardEvent.key names such as `F9`) for back 2 s, play/pause, forward 2 s. */
  pedalKeys: z.object({ back: z.string().min(1).max(20).optional(), playPause: z.string().min(1).max(20).optional(), forward: z.string().min(1).max(20).optional() }).optional(),
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
  reviewFloorRate: z.number().min(0).max(1).default(0.1),
  rareClassIds: z.array(z.string().min(1).max(64)).max(1000).default([]),
  calibrationTasks: z.number().int().min(0).max(10_000).default(0),
  calibrationReleased: z.boolean().default(false),
  /** Quality settings: absent means the default of {@link qualitySettingsOf}. */
  ...QUALITY_SETTING_FIELDS,
  // Audio settings stay optional here (read them through `audioSettingsOf`), so settings written before them still parse unchanged.
  speakers: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  allowOverlap: z.boolean().optional(),
  glossary: z.array(z.string().trim().min(1).max(200)).max(5000).optional(),
  pedalKeys: z.object({ back: z.string().min(1).max(20).optional(), playPause: z.string().min(1).max(20).optional(), forward: z.string().min(1).max(20).optional() }).optional(),
  maskMode: z.enum(['instance', 'semantic']).default('instance'),
  maskOverlap: z.enum(['paint-over', 'unlabeled-only']).default('paint-over'),
});
export type MaskMode = ProjectSettings['maskMode'];
export type MaskOverlap = ProjectSettings['maskOverlap'];
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

/** A project's quality settings with their defaults: gold 20% → 3%, match IoU 0.5, pattern threshold 0.15, pass 80%, segment timing 0.2 s. */
export type QualitySettings = { goldRateStart: number; goldRateFloor: number; goldMatchIou: number; patternRateThreshold: number; coursePassScore: number; segmentTimingToleranceSec: number };

/** Fills in the defaults of the quality settings. */
export function qualitySettingsOf(s: Partial<QualitySettings>): QualitySettings {
  return {
    goldRateStart: s.goldRateStart ?? 0.2,
    goldRateFloor: s.goldRateFloor ?? 0.03,
    goldMatchIou: s.goldMatchIou ?? 0.5,
    patternRateThreshold: s.patternRateThreshold ?? 0.15,
    coursePassScore: s.coursePassScore ?? 0.8,
    segmentTimingToleranceSec: s.segmentTimingToleranceSec ?? 0.2,
  };
}

/** An audio project's transcription settings with their defaults: no speakers, tags or glossary; no overlap. */
export type AudioSettings = { speakers: string[]; tags: string[]; allowOverlap: boolean; glossary: string[]; pedalKeys: { back?: string; playPause?: string; forward?: string } };

/** The transcription settings of a project (defaults filled in; no pedal keys). */
export function audioSettingsOf(s: Pick<ProjectSettings, 'speakers' | 'tags' | 'allowOverlap' | 'glossary' | 'pedalKeys'>): AudioSettings {
  return { speakers: s.speakers ?? [], tags: s.tags ?? [], allowOverlap: s.allowOverlap ?? false, glossary: s.glossary ?? [], pedalKeys: s.pedalKeys ?? {} };
}

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
  /** Grows by one each time the instructions change; annotations record the version they were made under. */
  instructionsVersion: z.number().int().optional(),
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
