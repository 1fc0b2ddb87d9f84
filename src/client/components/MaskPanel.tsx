import { useEffect } from 'react';
import type { ProjectSettings } from '../../shared/project.schema';
import type { ToolName } from '../../editor/editor';
import { fillHolesEdit, removeSpecksEdit, type MaskEdit } from '../../editor/tools/mask-edit';
import { useEditorStore } from '../state/editor-store';
import { BRUSH_MAX_PX, BRUSH_MIN_PX, useMaskStore } from '../state/mask-store';
import { ToolButtons, type ToolButtonSpec } from './ToolBar';

const MASK_TOOLS: ToolButtonSpec[] = [
  { name: 'brush', label: 'Brush', key: 'K', help: 'Paint the mask with a round brush; [ and ] change its size' },
  { name: 'eraser', label: 'Eraser', key: 'E', help: 'Erase from the mask being edited' },
  { name: 'polygon-fill', label: 'Fill polygon', key: 'G', help: 'Click a polygon and close it to fill it; shift-click a vertex to subtract' },
  { name: 'wand', label: 'Wand', key: 'W', help: 'Click to preview a region of similar colour; Enter or click again to fill' },
];

type Props = { settings: ProjectSettings };

/**
 * The segmentation tools and mask view options: tool buttons, brush size, wand tolerance, opacity, show/hide,
 * outline-only, fill holes and remove specks, and (instance mode) starting a new instance. Also owns the mask
 * tools' keys (K, E, G, W, [, ], N; Enter and Backspace while filling).
 */
export function MaskPanel({ settings }: Props) {
  const m = useMaskStore();
  const selectedId = useEditorStore((s) => s.selectedId);
  useEffect(() => {
    useMaskStore.getState().set({ mode: settings.maskMode, overlap: settings.maskOverlap });
  }, [settings.maskMode, settings.maskOverlap]);
  useMaskKeys();
  return (
    <section className="mask-panel" aria-label="Masks" data-testid="mask-panel">
      <h3>Masks <small className="muted">({settings.maskMode === 'semantic' ? 'one per class' : 'instances'})</small></h3>
      <div className="tool-bar">
        <ToolButtons tools={MASK_TOOLS} />
      </div>
      <label className="field">
        <span>Brush size {m.brushSizePx} px</span>
        <input type="range" min={BRUSH_MIN_PX} max={200} value={Math.min(200, m.brushSizePx)} onChange={(e) => m.set({ brushSizePx: clampSize(Number(e.target.value)) })} data-testid="brush-size" />
      </label>
      <label className="field">
        <span>Wand tolerance {m.wandTolerance}</span>
        <input type="range" min={0} max={255} value={m.wandTolerance} onChange={(e) => m.set({ wandTolerance: Number(e.target.value) })} data-testid="wand-tolerance" />
      </label>
      <label className="field">
        <span>Opacity {Math.round(m.opacity * 100)} %</span>
        <input type="range" min={0} max={100} value={Math.round(m.opacity * 100)} onChange={(e) => m.set({ opacity: Number(e.target.value) / 100 })} data-testid="mask-opacity" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={m.visible} onChange={(e) => m.set({ visible: e.target.checked })} data-testid="mask-visible" /> Show masks
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={m.outline} onChange={(e) => m.set({ outline: e.target.checked })} data-testid="mask-outline" /> Outline only
      </label>
      <div className="mask-actions">
        <button data-testid="fill-holes" onClick={() => runMaskEdit((doc, ctx) => fillHolesEdit(doc, ctx))} title="Fill the holes of the mask being edited">Fill holes</button>
        <button data-testid="remove-specks" onClick={() => runMaskEdit((doc, ctx) => removeSpecksEdit(doc, ctx, useMaskStore.getState().speckPx))} title="Remove pieces smaller than N pixels">
          Remove specks
        </button>
        <label className="inline">
          &lt; <input type="number" min={1} max={100000} value={m.speckPx} onChange={(e) => m.set({ speckPx: Math.max(1, Number(e.target.value) || 1) })} aria-label="Speck size in pixels" data-testid="speck-px" /> px
        </label>
        {settings.maskMode === 'instance' && (
          <button data-testid="new-instance" disabled={!selectedId} onClick={() => useEditorStore.getState().select(null)} title="Paint a new instance (N)">New instance</button>
        )}
      </div>
    </section>
  );
}

function clampSize(n: number): number {
  return Math.min(BRUSH_MAX_PX, Math.max(BRUSH_MIN_PX, Math.round(n)));
}

/** Applies a mask edit to the mask being edited (one undoable step), showing its hint. */
function runMaskEdit(build: (doc: ReturnType<typeof useEditorStore.getState>['editor']['doc'], ctx: Parameters<typeof fillHolesEdit>[1]) => MaskEdit): void {
  const s = useEditorStore.getState();
  const m = useMaskStore.getState();
  const edit = build(s.editor.doc, {
    imageSize: s.imageSize,
    activeClassId: s.activeClassId,
    mode: m.mode,
    overlap: m.overlap,
    selectedId: s.selectedId,
    newId: () => crypto.randomUUID(),
  });
  s.edit({ commands: edit.commands, ...(edit.hint ? { hint: edit.hint } : {}) });
}

const KEY_TOOLS: Record<string, ToolName> = { k: 'brush', e: 'eraser', g: 'polygon-fill', w: 'wand' };

/**
 * The mask tools' keys. Registered before the page's own key handler (a child's effect runs first), so keys it
 * handles stop there: Backspace while filling a polygon takes back a vertex instead of deleting the selection.
 */
function useMaskKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = useEditorStore.getState();
      const t = s.editor.tool;
      const key = e.key.toLowerCase();
      const filling = t.tool === 'polygon-fill' && t.state.inner.name !== 'idle';
      const painting = t.tool === 'brush' || t.tool === 'eraser';
      if (KEY_TOOLS[key]) s.setTool(KEY_TOOLS[key]!);
      // [ and ] size the brush while a brush or the eraser is in hand; otherwise they reorder the selection (page keys).
      else if (e.key === '[' && painting) useMaskStore.getState().resize(-1);
      else if (e.key === ']' && painting) useMaskStore.getState().resize(1);
      else if (key === 'n' && useMaskStore.getState().mode === 'instance') s.select(null);
      else if (e.key === 'Enter' && (filling || (t.tool === 'wand' && t.state.name === 'previewing'))) s.gesture({ type: 'close' });
      else if (e.key === 'Backspace' && filling) s.gesture({ type: 'undo-vertex' });
      else return;
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    // Capture phase: these keys must win over the page's own handler whatever order the two were added in.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
