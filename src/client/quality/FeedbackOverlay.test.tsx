// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GoldFeedback } from '../../shared/quality.schema';
import { compressRle, encodeBitmap } from '../../core/masks/rle';
import { useEditorStore } from '../state/editor-store';
import { useViewStore } from '../state/view-store';
import { FeedbackOverlay } from './FeedbackOverlay';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ontology = { classes: [{ id: 'car', name: 'Car', color: '#ff0000' }, { id: 'cyclist', name: 'Cyclist', color: '#00ff00' }] };
const finding = (id: string, type: string, explanation: string, detail: Record<string, unknown> = {}) => ({
  id, type, objectId: 'mine', referenceId: 'ref', magnitude: 1, explanation, detail, source: 'gold' as const, createdAt: '2026-01-01T00:00:00Z',
});
const feedback: GoldFeedback = {
  reference: { objects: [{ id: 'ref', classId: 'car', geometry: { kind: 'box', x: 100, y: 100, w: 50, h: 40 }, attributes: {}, source: 'human', version: 1 }] },
  findings: [
    finding('f1', 'wrong_class', 'this is a car, not a cyclist', { referenceClassId: 'car', answerClassId: 'cyclist' }),
    finding('f2', 'loose_box', 'bottom edge 20 px outside the car', { edges: [{ edge: 'bottom', offsetPx: 20 }] }),
  ],
  objectsTotal: 1,
  objectsCorrect: 0,
};

describe('FeedbackOverlay', () => {
  let root: Root;
  let el: HTMLDivElement;
  beforeEach(() => {
    el = document.createElement('div');
    document.body.appendChild(el);
    root = createRoot(el);
    useEditorStore.getState().open({ objects: [{ id: 'mine', classId: 'cyclist', geometry: { kind: 'box', x: 100, y: 100, w: 50, h: 60 }, attributes: {}, source: 'human', version: 1 }] }, { width: 800, height: 600 });
    useViewStore.setState({ view: { scale: 2, offsetX: 10, offsetY: 20 } });
  });
  afterEach(() => {
    act(() => root.unmount());
    el.remove();
  });

  it('pins every finding to the labeler’s object in screen space, stacked, with the reference ghosted and the edge marked', () => {
    act(() => root.render(<FeedbackOverlay feedback={feedback} ontology={ontology} onAcknowledge={() => undefined} />));
    const ghost = el.querySelector('[data-testid="reference-ghost"]')!;
    expect([ghost.getAttribute('x'), ghost.getAttribute('y'), ghost.getAttribute('width'), ghost.getAttribute('height')]).toEqual(['210', '220', '100', '80']);
    const pins = [...el.querySelectorAll<HTMLElement>('[data-testid="finding-pin"]')];
    expect(pins.map((p) => p.textContent)).toEqual(['1 this is a car, not a cyclist', '2 bottom edge 20 px outside the car']);
    expect(pins.map((p) => [p.style.left, p.style.top])).toEqual([['210px', '190px'], ['210px', '162px']]);
    const mark = el.querySelector('[data-testid="edge-mark"]')!;
    expect([mark.getAttribute('data-edge'), mark.getAttribute('y1'), mark.getAttribute('y2'), mark.getAttribute('x1'), mark.getAttribute('x2')]).toEqual(['bottom', '340', '340', '210', '310']);
    expect(el.querySelector('h3')!.textContent).toBe('Gold check: 0 of 1 objects right');
  });

  it('acknowledges with Enter or the button', () => {
    const onAck = vi.fn();
    act(() => root.render(<FeedbackOverlay feedback={feedback} ontology={ontology} onAcknowledge={onAck} />));
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    });
    act(() => el.querySelector<HTMLButtonElement>('[data-testid="acknowledge-feedback"]')!.click());
    expect(onAck).toHaveBeenCalledTimes(2);
  });

  it('says all is right when there are no findings', () => {
    act(() => root.render(<FeedbackOverlay feedback={{ ...feedback, findings: [], objectsCorrect: 1 }} ontology={ontology} onAcknowledge={() => undefined} />));
    expect(el.querySelector('h3')!.textContent).toBe('All right — this matches the reference');
    expect(el.querySelectorAll('[data-testid="finding-pin"]')).toHaveLength(0);
  });

  it('tints a mask finding’s region in image space, pins it at its point, and ghosts the reference mask as an outline', () => {
    const square = (x0: number, y0: number, x1: number, y1: number) => {
      const data = new Uint8Array(40 * 30);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * 40 + x] = 1;
      return compressRle(encodeBitmap({ width: 40, height: 30, data }));
    };
    const masks: GoldFeedback = {
      reference: { objects: [{ id: 'ref', classId: 'car', geometry: { kind: 'mask', rle: square(5, 5, 15, 15) }, attributes: {}, source: 'human', version: 1 }] },
      findings: [{ ...finding('m1', 'spill', 'car spills 40 px onto the background at the right'), detail: { point: { x: 20.5, y: 10.5 }, region: square(17, 8, 25, 13), classId: 'car' } }],
      objectsTotal: 1,
      objectsCorrect: 0,
    };
    act(() => root.render(<FeedbackOverlay feedback={masks} ontology={ontology} onAcknowledge={() => undefined} />));
    const region = el.querySelector('[data-testid="finding-region"]')!;
    expect(region.getAttribute('d')).toBe('M17 8h8v5h-8z');
    expect(region.getAttribute('data-finding-type')).toBe('spill');
    expect(region.parentElement!.parentElement!.getAttribute('transform')).toBe('translate(10 20) scale(2)');
    expect(region.getAttribute('fill')).toBe('url(#stripes-spill)');
    expect(el.querySelector('[data-testid="reference-ghost-mask"]')!.getAttribute('d')).toMatch(/^M5 5h1v10h-1z/);
    const pin = el.querySelector<HTMLElement>('[data-testid="finding-pin"]')!;
    expect([pin.style.left, pin.style.top, pin.getAttribute('data-finding-type')]).toEqual(['51px', '11px', 'spill']);
    expect(el.querySelector('[data-testid="finding-item"]')!.textContent).toBe('Spill car spills 40 px onto the background at the right');
  });
});
