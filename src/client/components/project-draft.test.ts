import { describe, expect, it } from 'vitest';
import type { Project } from '../../shared/project.schema';
import { draftFromProject, emptyDraft, formatAttributes, newClass, parseAttributes, slugify, toCreateBody, toUpdateBody, validateDraft, type ProjectDraft } from './project-draft';

const withClasses = (names: string[], patch: Partial<ProjectDraft> = {}): ProjectDraft => {
  const d = { ...emptyDraft(), name: 'Streets', classes: [] as ProjectDraft['classes'], ...patch };
  for (const name of names) d.classes.push({ ...newClass(d.classes), name });
  return d;
};

describe('project draft', () => {
  it('derives class ids as lower-case slugs', () => {
    expect(slugify('Traffic Sign')).toBe('traffic-sign');
    expect(slugify('  Café / Bar  ')).toBe('cafe-bar');
    expect(slugify('snake_case-ok')).toBe('snake_case-ok');
    expect(slugify('!!!')).toBe('');
  });

  it('gives new classes the next unused colour and hotkey', () => {
    const d = withClasses(['Car', 'Bus']);
    expect(d.classes.map((c) => c.hotkey)).toEqual(['1', '2']);
    expect(new Set(d.classes.map((c) => c.color)).size).toBe(2);
  });

  it('names problems by the paths the server uses', () => {
    const d = withClasses(['Car', 'car', '', '!!']);
    d.classes[1]!.hotkey = '1';
    d.settings = { ...d.settings, leaseTtlMin: '0.1', maxAttempts: '2.5' };
    expect(validateDraft({ ...d, name: ' ' })).toEqual({
      name: 'give the project a name',
      'ontology.classes.1.name': "same id 'car' as class 1",
      'ontology.classes.1.hotkey': 'key 1 is taken by class 1',
      'ontology.classes.2.name': 'give the class a name',
      'ontology.classes.3.name': 'the name needs at least one letter or digit',
      'settings.leaseTtlMs': 'between 0.17 (10 seconds) and 1440 minutes',
      'settings.maxAttempts': 'a whole number from 1 to 100',
    });
  });

  it('builds the create body with milliseconds and without empty hotkeys', () => {
    const d = withClasses(['Road sign', 'Pothole']);
    d.classes[1]!.hotkey = '';
    d.settings = { leaseTtlMin: '15', maxAttempts: '3', reviewPasses: 1, allowPrivateUrls: true };
    const body = toCreateBody(d);
    expect(body.ontology.classes).toEqual([
      { id: 'road-sign', name: 'Road sign', color: d.classes[0]!.color, hotkey: '1' },
      { id: 'pothole', name: 'Pothole', color: d.classes[1]!.color },
    ]);
    expect(body.settings).toEqual({ leaseTtlMs: 900_000, maxAttempts: 3, reviewPasses: 1, allowPrivateUrls: true });
  });

  it('keeps the ids of saved classes when they are renamed', () => {
    const project: Project = {
      id: 'p', name: 'Streets', kind: 'image', instructions: '', myRoles: ['owner'], createdAt: '2026-01-01T00:00:00Z',
      ontology: { classes: [{ id: 'car', name: 'Car', color: '#ff0000', hotkey: '1' }] },
      settings: { leaseTtlMs: 600_000, maxAttempts: 5, reviewPasses: 0, allowPrivateUrls: false, reviewFloorRate: 0.1, rareClassIds: [], calibrationTasks: 0, calibrationReleased: false, maskMode: 'instance', maskOverlap: 'paint-over' },
    };
    const d = draftFromProject(project);
    expect(toUpdateBody(d)).toEqual({ name: 'Streets', instructions: '', ontology: project.ontology, settings: { leaseTtlMs: 600_000, maxAttempts: 5, reviewPasses: 0, allowPrivateUrls: false, maskMode: 'instance', maskOverlap: 'paint-over' } });
    d.classes[0]!.name = 'Automobile';
    expect(toUpdateBody(d).ontology!.classes[0]).toMatchObject({ id: 'car', name: 'Automobile' });
  });
});

describe('mask settings in the form', () => {
  it('keeps the mask mode and overlap rule of a project and sends changes', () => {
    const project: Project = {
      id: 'p', name: 'Roads', kind: 'image', instructions: '', myRoles: ['owner'], createdAt: '2026-01-01T00:00:00Z',
      ontology: { classes: [{ id: 'road', name: 'Road', color: '#00ff00' }] },
      settings: { leaseTtlMs: 600_000, maxAttempts: 5, reviewPasses: 0, allowPrivateUrls: false, reviewFloorRate: 0.1, rareClassIds: [], calibrationTasks: 0, calibrationReleased: false, maskMode: 'semantic', maskOverlap: 'unlabeled-only' },
    };
    const d = draftFromProject(project);
    expect(toUpdateBody(d).settings).toMatchObject({ maskMode: 'semantic', maskOverlap: 'unlabeled-only' });
    d.settings.maskOverlap = 'paint-over';
    expect(toUpdateBody(d).settings).toMatchObject({ maskMode: 'semantic', maskOverlap: 'paint-over' });
    expect(toCreateBody(emptyDraft()).settings).not.toHaveProperty('maskMode');
  });
});

describe('attributes as text', () => {
  it('round-trips checkbox, text and required select attributes', () => {
    const text = 'Occluded: checkbox\nSign type*: select(stop, yield, other)\nNote: text';
    const parsed = parseAttributes(text);
    expect(parsed).toEqual({
      specs: [
        { id: 'occluded', name: 'Occluded', type: 'checkbox' },
        { id: 'sign-type', name: 'Sign type', type: 'select', options: ['stop', 'yield', 'other'], required: true },
        { id: 'note', name: 'Note', type: 'text' },
      ],
    });
    expect(formatAttributes('specs' in parsed ? parsed.specs : [])).toBe(text);
  });
  it('names the line it cannot read', () => {
    expect(parseAttributes('Occluded: checkbox\nColour select')).toEqual({ error: 'line 2: write "Name: checkbox", "Name: text" or "Name: select(a, b)"' });
    expect(parseAttributes('Kind: select()')).toEqual({ error: 'line 1: a select needs options' });
  });
});

describe('editing a project with attributes', () => {
  it('keeps every class attribute through the settings form unchanged', () => {
    const ontology = {
      classes: [
        { id: 'sign', name: 'Sign', color: '#ff0000', hotkey: '1', attributes: [{ id: 'kind', name: 'Kind', type: 'select' as const, options: ['stop', 'yield'], required: true }] },
        { id: 'car', name: 'Car', color: '#00ff00' },
      ],
    };
    const project: Project = { id: 'p', name: 'P', kind: 'image', instructions: '', ontology, settings: { leaseTtlMs: 600_000, maxAttempts: 5, reviewPasses: 0, allowPrivateUrls: false, reviewFloorRate: 0.1, rareClassIds: [], calibrationTasks: 0, calibrationReleased: false, maskMode: 'instance', maskOverlap: 'paint-over' }, myRoles: ['owner'], createdAt: '' };
    expect(toUpdateBody(draftFromProject(project)).ontology).toEqual(ontology);
  });
});
