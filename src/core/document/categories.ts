import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Taxonomy } from '../../shared/task.schema';

/** One problem with a categorization answer, addressed by taxonomy name. */
export type CategoryProblem = { taxonomy: string; message: string };

/**
 * Checks a document's categories against the task's taxonomies: no unknown taxonomy or choice, no repeated
 * choice, one choice where several are not allowed, and — when `requireComplete` (at submit) — an answer in
 * every taxonomy.
 */
export function categoryProblems(doc: AnnotationDocument, taxonomies: readonly Taxonomy[] | undefined, requireComplete: boolean): CategoryProblem[] {
  const problems: CategoryProblem[] = [];
  const byName = new Map((taxonomies ?? []).map((t) => [t.name, t]));
  for (const [name, chosen] of Object.entries(doc.categories ?? {})) {
    const t = byName.get(name);
    if (!t) problems.push({ taxonomy: name, message: taxonomies ? `no taxonomy '${name}' on this task` : 'this task asks for no categories' });
    else if (chosen.some((c) => !t.choices.includes(c))) problems.push({ taxonomy: name, message: `must be among ${t.choices.join(', ')}` });
    else if (new Set(chosen).size !== chosen.length) problems.push({ taxonomy: name, message: 'a choice is given twice' });
    else if (!t.allowMultiple && chosen.length > 1) problems.push({ taxonomy: name, message: 'takes one choice' });
  }
  if (requireComplete) {
    for (const t of taxonomies ?? []) if (!(doc.categories?.[t.name]?.length)) problems.push({ taxonomy: t.name, message: `choose ${t.allowMultiple ? 'at least one' : 'one'} of ${t.choices.join(', ')}` });
  }
  return problems;
}

/** The choices after picking `choice` in `taxonomy`: toggled where several are allowed, replaced (or cleared when picked again) where one is. Kept in the task's order. */
export function toggleChoice(taxonomy: Taxonomy, current: readonly string[], choice: string): string[] {
  const on = current.includes(choice);
  if (!taxonomy.allowMultiple) return on ? [] : [choice];
  const next = on ? current.filter((c) => c !== choice) : [...current, choice];
  return taxonomy.choices.filter((c) => next.includes(c));
}
