import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';

/** One problem with an object's attributes, addressed like an API field: `objects.3.attributes.occluded`. */
export type AttributeProblem = { objectIndex: number; objectId: string; attributeId: string; message: string };

/**
 * Checks every object's attributes against its class's specs: unknown attributes, values of the wrong
 * type, select values outside the options, and — when `requireComplete` (at submit) — required ones left empty.
 */
export function attributeProblems(doc: AnnotationDocument, ontology: Ontology, requireComplete: boolean): AttributeProblem[] {
  const classes = new Map(ontology.classes.map((c) => [c.id, c]));
  const problems: AttributeProblem[] = [];
  doc.objects.forEach((o, objectIndex) => {
    const specs = new Map((classes.get(o.classId)?.attributes ?? []).map((a) => [a.id, a]));
    const add = (attributeId: string, message: string) => problems.push({ objectIndex, objectId: o.id, attributeId, message });
    for (const [attributeId, value] of Object.entries(o.attributes)) {
      const spec = specs.get(attributeId);
      if (!spec) add(attributeId, `no attribute '${attributeId}' on this class`);
      else if (spec.type === 'checkbox' && typeof value !== 'boolean') add(attributeId, 'must be true or false');
      else if (spec.type === 'text' && typeof value !== 'string') add(attributeId, 'must be text');
      else if (spec.type === 'select' && !(typeof value === 'string' && (spec.options ?? []).includes(value))) add(attributeId, `must be one of ${(spec.options ?? []).join(', ')}`);
    }
    if (!requireComplete) return;
    for (const spec of specs.values()) {
      const v = o.attributes[spec.id];
      if (spec.required && (v === undefined || v === '')) add(spec.id, `${spec.name} is required`);
    }
  });
  return problems;
}
