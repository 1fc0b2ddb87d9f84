import { describe, expect, it } from 'vitest';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { ProjectSettingsSchema } from '../../shared/project.schema';
import type { TaskData } from '../../shared/task.schema';
import { findingRow, judge } from './gold.service';

const data: TaskData = { kind: 'image', imageUrl: '/x.jpg', width: 800, height: 600 };
const ontology = { classes: [{ id: 'car', name: 'Car', color: '#ff0000' }, { id: 'cyclist', name: 'Cyclist', color: '#00ff00' }] };
const settings = ProjectSettingsSchema.parse({});
const box = (id: string, x: number, classId = 'car') => ({ id, classId, geometry: { kind: 'box' as const, x, y: 100, w: 100, h: 80 }, attributes: {}, source: 'human' as const, version: 1 });
const doc = (...objects: AnnotationDocument['objects']) => ({ objects });

describe('judging an answer against gold', () => {
  it('counts every reference object right when nothing is wrong', () => {
    const j = judge(doc(box('a', 10), box('b', 300)), doc(box('r1', 10), box('r2', 300)), data, ontology, settings, null);
    expect(j).toEqual({ findings: [], objectsTotal: 2, objectsCorrect: 2 });
  });
  it('judges extras and duplicates as objects too, and a missed or wrong one as not right', () => {
    const j = judge(
      doc(box('a', 10), box('a2', 11), box('c', 300, 'cyclist'), box('x', 600)),
      doc(box('r1', 10), box('r2', 300), box('r3', 450)),
      data, ontology, settings, null,
    );
    expect(j.findings.map((f) => f.type).sort()).toEqual(['duplicate', 'extra_object', 'missed_object', 'wrong_class']);
    expect(j.objectsTotal).toBe(3 + 2);
    expect(j.objectsCorrect).toBe(1);
  });
  it('uses class names in the explanations', () => {
    const j = judge(doc(box('c', 300, 'cyclist')), doc(box('r', 300)), data, ontology, settings, null);
    expect(j.findings[0]!.message).toBe('this is a car, not a cyclist');
  });
  it('adds too_fast from the timing, and no image findings on audio', () => {
    const audio: TaskData = { kind: 'audio', audioUrl: '/a.wav', durationSec: 3 };
    const j = judge(doc(), doc(), audio, ontology, settings, { durationMs: 1000, earlierMs: [10_000, 10_000, 10_000, 10_000, 10_000] });
    expect(j.findings.map((f) => f.type)).toEqual(['too_fast']);
  });
  it('stores a finding as its columns plus the rest as detail', () => {
    const [f] = judge(doc(box('c', 300, 'cyclist')), doc(box('r', 300)), data, ontology, settings, null).findings;
    const row = findingRow(f!, { projectId: 'p', taskId: 't', userId: 'u', goldSubmissionId: 's', source: 'gold', now: new Date(0) });
    expect(row).toMatchObject({ type: 'wrong_class', objectId: 'c', referenceId: 'r', magnitude: 1, explanation: 'this is a car, not a cyclist', detail: { answerClassId: 'cyclist', referenceClassId: 'car', iou: 1 } });
  });
});
