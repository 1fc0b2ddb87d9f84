import type { AttributeSpec, CreateProjectBody, OntologyClass, Project, ProjectKind, UpdateProjectBody } from '../../shared/project.schema';

/**
 * The project form's editable state, kept as the person typed it (numbers as strings), with the
 * conversion to the API's bodies and a check that names the same dotted paths the server uses
 * (`ontology.classes.0.color`), so client and server errors show in the same place.
 */

/** One class row of the ontology editor. `key` is React's; `fixedId` is set for classes already saved. */
export type ClassDraft = { key: string; name: string; color: string; hotkey: string; fixedId?: string; attributes?: string };

/**
 * Attributes as text, one per line: `Name: checkbox`, `Name: text`, `Name: select(a, b, c)`; a `*` after the
 * name makes it required (`Sign type*: select(stop, yield)`). The id is the name's slug.
 */
export function formatAttributes(specs: readonly AttributeSpec[] | undefined): string {
  return (specs ?? [])
    .map((a) => `${a.name}${a.required ? '*' : ''}: ${a.type === 'select' ? `select(${(a.options ?? []).join(', ')})` : a.type}`)
    .join('\n');
}

/** Parses the text form; returns the specs, or the first line's problem. */
export function parseAttributes(text: string): { specs: AttributeSpec[] } | { error: string } {
  const specs: AttributeSpec[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [n, line] of lines.entries()) {
    const m = /^([^:*]+?)\s*(\*)?\s*:\s*(checkbox|text|select\s*\(([^)]*)\))\s*$/i.exec(line);
    if (!m) return { error: `line ${n + 1}: write "Name: checkbox", "Name: text" or "Name: select(a, b)"` };
    const name = m[1]!.trim();
    const id = slugify(name);
    if (!id) return { error: `line ${n + 1}: the name needs a letter or digit` };
    if (specs.some((s) => s.id === id)) return { error: `line ${n + 1}: '${name}' appears twice` };
    const type = m[3]!.toLowerCase().startsWith('select') ? 'select' : (m[3]!.toLowerCase() as 'checkbox' | 'text');
    const options = type === 'select' ? m[4]!.split(',').map((o) => o.trim()).filter(Boolean) : undefined;
    if (type === 'select' && options!.length === 0) return { error: `line ${n + 1}: a select needs options` };
    specs.push({ id, name, type, ...(options ? { options } : {}), ...(m[2] ? { required: true } : {}) });
  }
  return { specs };
}

export type SettingsDraft = {
  leaseTtlMin: string;
  maxAttempts: string;
  reviewPasses: 0 | 1 | 2;
  allowPrivateUrls: boolean;
  maskMode?: 'instance' | 'semantic';
  maskOverlap?: 'paint-over' | 'unlabeled-only';
};

export type ProjectDraft = { name: string; kind: ProjectKind; instructions: string; classes: ClassDraft[]; settings: SettingsDraft };

/** Field errors by dotted path. */
export type FieldErrors = Record<string, string>;

export const HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Distinct colours that read well on the dark canvas; new classes take the next unused one. */
const PALETTE = ['#f59e0b', '#3b82f6', '#10b981', '#ef4444', '#a855f7', '#ec4899', '#14b8a6', '#eab308', '#f97316', '#6366f1'];

let nextKey = 0;
const newKey = () => `c${++nextKey}`;

/** A class id from its name: lower-case letters, digits, `_` and `-` (accents dropped, other runs become `-`). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function classId(c: ClassDraft): string {
  return c.fixedId ?? slugify(c.name);
}

/** A new empty class with the first unused colour and hotkey. */
export function newClass(existing: readonly ClassDraft[]): ClassDraft {
  const colors = new Set(existing.map((c) => c.color.toLowerCase()));
  const keys = new Set(existing.map((c) => c.hotkey));
  return {
    key: newKey(),
    name: '',
    color: PALETTE.find((p) => !colors.has(p)) ?? PALETTE[existing.length % PALETTE.length]!,
    hotkey: HOTKEYS.find((k) => !keys.has(k)) ?? '',
  };
}

export function emptyDraft(): ProjectDraft {
  return {
    name: '',
    kind: 'image',
    instructions: '',
    classes: [newClass([])],
    settings: { leaseTtlMin: '10', maxAttempts: '5', reviewPasses: 0, allowPrivateUrls: false },
  };
}

export function draftFromProject(p: Project): ProjectDraft {
  return {
    name: p.name,
    kind: p.kind,
    instructions: p.instructions,
    classes: p.ontology.classes.map((c) => ({ key: newKey(), name: c.name, color: c.color, hotkey: c.hotkey ?? '', fixedId: c.id, attributes: formatAttributes(c.attributes) })),
    settings: {
      leaseTtlMin: String(Math.round((p.settings.leaseTtlMs / 60_000) * 100) / 100),
      maxAttempts: String(p.settings.maxAttempts),
      reviewPasses: p.settings.reviewPasses as 0 | 1 | 2,
      allowPrivateUrls: p.settings.allowPrivateUrls,
      maskMode: p.settings.maskMode,
      maskOverlap: p.settings.maskOverlap,
    },
  };
}

/** The problems the server would report, found before sending; empty when the draft can be sent. */
export function validateDraft(d: ProjectDraft): FieldErrors {
  const fields: FieldErrors = {};
  if (!d.name.trim()) fields.name = 'give the project a name';
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  d.classes.forEach((c, i) => {
    const at = `ontology.classes.${i}`;
    const id = classId(c);
    if (!c.name.trim()) fields[`${at}.name`] = 'give the class a name';
    else if (!id) fields[`${at}.name`] = 'the name needs at least one letter or digit';
    else if (ids.has(id)) fields[`${at}.name`] = `same id '${id}' as class ${ids.get(id)! + 1}`;
    else ids.set(id, i);
    if (!/^#[0-9a-fA-F]{6}$/.test(c.color)) fields[`${at}.color`] = 'a colour like #ff8800';
    const attrs = parseAttributes(c.attributes ?? '');
    if ('error' in attrs) fields[`${at}.attributes`] = attrs.error;
    if (c.hotkey) {
      if (keys.has(c.hotkey)) fields[`${at}.hotkey`] = `key ${c.hotkey} is taken by class ${keys.get(c.hotkey)! + 1}`;
      else keys.set(c.hotkey, i);
    }
  });
  const ttl = Number(d.settings.leaseTtlMin);
  if (!d.settings.leaseTtlMin.trim() || !Number.isFinite(ttl) || ttl * 60_000 < 10_000 || ttl > 24 * 60) {
    fields['settings.leaseTtlMs'] = 'between 0.17 (10 seconds) and 1440 minutes';
  }
  const attempts = Number(d.settings.maxAttempts);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) fields['settings.maxAttempts'] = 'a whole number from 1 to 100';
  return fields;
}

function ontologyOf(d: ProjectDraft): { classes: OntologyClass[] } {
  return {
    classes: d.classes.map((c) => {
      const attrs = parseAttributes(c.attributes ?? '');
      const specs = 'specs' in attrs ? attrs.specs : [];
      return { id: classId(c), name: c.name.trim(), color: c.color, ...(c.hotkey ? { hotkey: c.hotkey } : {}), ...(specs.length ? { attributes: specs } : {}) };
    }),
  };
}

function settingsOf(d: ProjectDraft) {
  return {
    leaseTtlMs: Math.round(Number(d.settings.leaseTtlMin) * 60_000),
    maxAttempts: Number(d.settings.maxAttempts),
    reviewPasses: d.settings.reviewPasses,
    allowPrivateUrls: d.settings.allowPrivateUrls,
    ...(d.settings.maskMode ? { maskMode: d.settings.maskMode } : {}),
    ...(d.settings.maskOverlap ? { maskOverlap: d.settings.maskOverlap } : {}),
  };
}

export function toCreateBody(d: ProjectDraft): CreateProjectBody {
  return { name: d.name.trim(), kind: d.kind, instructions: d.instructions, ontology: ontologyOf(d), settings: settingsOf(d) };
}

export function toUpdateBody(d: ProjectDraft): UpdateProjectBody {
  return { name: d.name.trim(), instructions: d.instructions, ontology: ontologyOf(d), settings: settingsOf(d) };
}
