import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import { fieldsFromIssues } from '../../shared/error.schema';
import { BadRequest } from '../errors';
import { classForLabel } from './scale-format';

const num = z.number().finite();
/** Scale's pre-annotation shape for image tasks: the same objects its responses carry. */
const ImageHypothesisSchema = z.object({
  annotations: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('box'), label: z.string().min(1), left: num, top: num, width: num.positive(), height: num.positive(), attributes: z.record(z.string(), z.union([z.string(), num, z.boolean()])).optional(), uuid: z.string().max(64).optional() }),
        z.object({ type: z.literal('polygon'), label: z.string().min(1), vertices: z.array(z.object({ x: num, y: num })).min(3), attributes: z.record(z.string(), z.union([z.string(), num, z.boolean()])).optional(), uuid: z.string().max(64).optional() }),
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
      : { kind: 'polygon' as const, points: a.vertices.map((v) => ({ x: v.x, y: v.y })) };
    return [{ id: a.uuid ?? randomUUID(), classId, geometry, attributes: a.attributes ?? {}, source: 'hypothesis' as const, version: 1 }];
  });
  if (Object.keys(fields).length > 0) throw new BadRequest(`Invalid hypothesis: ${Object.keys(fields).join(', ')}`, fields);
  return { objects };
}
