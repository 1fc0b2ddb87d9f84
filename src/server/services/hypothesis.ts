import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { audioSettingsOf, type Ontology, type ProjectSettings } from '../../shared/project.schema';
import { segmentProblems } from '../../core/audio/segments';
import { fieldsFromIssues } from '../../shared/error.schema';
import { BadRequest } from '../errors';
import { MaskRleSchema } from '../../shared/geometry.schema';
import { classForLabel } from './scale-format';

const num = z.number().finite();
/** Scale's pre-annotation shape for image tasks: the same objects its responses carry. */
const ImageHypothesisSchema = z.object({
  annotations: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('box'), label: z.string().min(1), left: num, top: num, width: num.positive(), height: num.positive(), attributes: z.record(z.string(), z.union([z.string(), num, z.boolean()])).optional(), uuid: z.string().max(64).optional() }),
        z.object({ type: z.literal('polygon'), label: z.string().min(1), vertices: z.array(z.object({ x: num, y: num })).min(3), attributes: z.record(z.string(), z.union([z.string(), num, z.boolean()])).optional(), uuid: z.string().max(64).optional() }),
        // A segmentation's pre-annotation: a mask as COCO compressed RLE (what our responses carry); its size is checked against the image once it is read.
        z.object({ type: z.literal('mask'), label: z.string().min(1), rle: MaskRleSchema, attributes: z.record(z.string(), z.union([z.string(), num, z.boolean()])).optional(), uuid: z.string().max(64).optional() }),
      ]),
    )
    .max(50_000),
});

/**
 * Turns a customer's `hypothesis` into the document a labeler starts from: every object marked
 * `source: 'hypothesis'` (provenance; an edit bumps its version), labels mapped to project classes.
 * Unknown labels and malformed objects are a 400 naming `hypothesis.annotations.N…`.
 */
export function hypothesisToDocument(hypothesis: unknown, ontology: Ontology): AnnotationDocument {
  const parsed = ImageHypothesisSchema.safeParse(hypothesis);
  if (!parsed.success) {
    const bad = fieldsFromIssues(parsed.error.issues, 'hypothesis');
    throw new BadRequest(`Invalid hypothesis: ${Object.keys(bad).join(', ')}`, bad);
  }
  const h = parsed.data;
  const fields: Record<string, string> = {};
  const objects = h.annotations.flatMap((a, i) => {
    const classId = classForLabel(a.label, ontology);
    if (!classId) {
      fields[`hypothesis.annotations.${i}.label`] = `no class '${a.label}' in the project`;
      return [];
    }
    const geometry = a.type === 'box'
      ? { kind: 'box' as const, x: a.left, y: a.top, w: a.width, h: a.height }
      : a.type === 'mask'
        ? { kind: 'mask' as const, rle: a.rle }
        : { kind: 'polygon' as const, points: a.vertices.map((v) => ({ x: v.x, y: v.y })) };
    return [{ id: a.uuid ?? randomUUID(), classId, geometry, attributes: a.attributes ?? {}, source: 'hypothesis' as const, version: 1 }];
  });
  if (Object.keys(fields).length > 0) throw new BadRequest(`Invalid hypothesis: ${Object.keys(fields).join(', ')}`, fields);
  return { objects };
}

/** A customer's pre-transcript for an audio task (e.g. from an ASR system): the segments of a Scale-like response. */
const AudioHypothesisSchema = z.object({
  segments: z
    .array(
      z.object({
        start: num.min(0),
        end: num.min(0),
        speaker: z.string().trim().max(200).nullable().optional(),
        text: z.string().max(100_000).default(''),
        uuid: z.string().min(1).max(64).optional(),
      }),
    )
    .max(10_000),
});

/**
 * Turns an audio task's `hypothesis` (`{ segments: [{ start, end, speaker?, text }] }`, seconds) into the
 * labeler's starting segments, marked `source: 'hypothesis'` (their version grows when edited, so what
 * was changed stays visible). Shape errors are a 400 naming `hypothesis.segments.N.field`.
 */
export function audioHypothesisToDocument(hypothesis: unknown, ontology: Ontology): AnnotationDocument {
  const parsed = AudioHypothesisSchema.safeParse(hypothesis);
  if (!parsed.success) {
    const bad = fieldsFromIssues(parsed.error.issues, 'hypothesis');
    throw new BadRequest(`Invalid hypothesis: ${Object.keys(bad).join(', ')}`, bad);
  }
  const classId = ontology.classes[0]?.id;
  if (!classId) throw new BadRequest('The project has no class for segments', { hypothesis: 'the project has no class for segments' });
  return {
    objects: parsed.data.segments.map((g) => ({
      id: g.uuid ?? randomUUID(),
      classId,
      geometry: { kind: 'segment' as const, startSec: g.start, endSec: g.end },
      attributes: {},
      source: 'hypothesis' as const,
      version: 1,
      transcript: { speaker: g.speaker ?? null, text: g.text, tags: [] },
    })),
  };
}

/**
 * Checks pre-transcript segments against the clip once its duration is known (end after start, inside the
 * clip, no overlap unless the project allows it); a 400 naming `hypothesis.segments.N.start|end` otherwise.
 */
export function checkAudioHypothesis(doc: AnnotationDocument, durationSec: number, settings: ProjectSettings): void {
  const audio = audioSettingsOf(settings);
  const fields: Record<string, string> = {};
  for (const p of segmentProblems(doc, { durationSec, allowOverlap: audio.allowOverlap, tags: audio.tags })) {
    const field = p.field === 'geometry.endSec' ? 'end' : p.field === 'geometry.startSec' ? 'start' : p.field;
    fields[`hypothesis.segments.${p.objectIndex}.${field}`] ??= p.message;
  }
  if (Object.keys(fields).length > 0) throw new BadRequest(`Invalid hypothesis: ${Object.keys(fields).join(', ')}`, fields);
}

/** A categorization's pre-answer: Scale's response shape, taxonomy name → chosen choices (checked against the task's taxonomies). */
const CategoryHypothesisSchema = z.object({ taxonomies: z.record(z.string().max(200), z.union([z.string().max(200), z.array(z.string().max(200)).max(200)])) });

/** Turns a categorization `hypothesis` (`{ taxonomies: { name: choice | [choices] } }`) into a starting document; a 400 names what is malformed. */
export function categoryHypothesisToDocument(hypothesis: unknown): AnnotationDocument {
  const parsed = CategoryHypothesisSchema.safeParse(hypothesis);
  if (!parsed.success) {
    const bad = fieldsFromIssues(parsed.error.issues, 'hypothesis');
    throw new BadRequest(`Invalid hypothesis: ${Object.keys(bad).join(', ')}`, bad);
  }
  return { objects: [], categories: Object.fromEntries(Object.entries(parsed.data.taxonomies).map(([k, v]) => [k, typeof v === 'string' ? [v] : v])) };
}
