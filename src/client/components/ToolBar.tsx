import type { ToolName } from '../../editor/editor';
import { useEditorStore } from '../state/editor-store';

/** A tool as its button shows it: the label, the key that picks it, the tooltip. */
export type ToolButtonSpec = { name: ToolName; label: string; key: string; help: string };

const TOOLS: ToolButtonSpec[] = [
  { name: 'select', label: 'Select', key: 'V', help: 'Click an object to select it; drag to move, handles to resize or reshape; arrows nudge' },
  { name: 'box', label: 'Box', key: 'B', help: 'Drag to draw, or click two corners' },
  { name: 'polygon', label: 'Polygon', key: 'P', help: 'Click vertices; click the first, double-click or Enter to close; shift-drag draws freehand' },
];

/** The drawing tools, with their keys. */
export function ToolBar() {
  return (
    <section className="tool-bar" aria-label="Tools">
      <ToolButtons tools={TOOLS} />
    </section>
  );
}

/** One button per tool, pressed for the active one; a click switches the editor to it. */
export function ToolButtons({ tools }: { tools: readonly ToolButtonSpec[] }) {
  const active = useEditorStore((s) => s.editor.tool.tool);
  const setTool = useEditorStore((s) => s.setTool);
  return (
    <>
      {tools.map((t) => (
        <button
          key={t.name}
          data-testid={`tool-${t.name}`}
          className={t.name === active ? 'class-button active' : 'class-button'}
          aria-pressed={t.name === active}
          title={t.help}
          onClick={() => setTool(t.name)}
        >
          {t.label}
          <kbd>{t.key}</kbd>
        </button>
      ))}
    </>
  );
}
