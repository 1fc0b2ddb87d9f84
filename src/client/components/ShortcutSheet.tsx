const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Tools',
    keys: [['V', 'Select, move and reshape'], ['B', 'Box: drag, or click two corners'], ['P', 'Polygon: click vertices'], ['Shift + drag', 'Polygon: draw freehand'], ['Enter / double-click', 'Close the polygon'], ['Backspace', 'Remove the last vertex while drawing'], ['Esc', 'Cancel what is being drawn']],
  },
  {
    title: 'Masks',
    keys: [['K', 'Brush'], ['E', 'Eraser'], ['[ / ]', 'Smaller / bigger brush'], ['G', 'Fill a polygon (Shift + click a vertex: subtract)'], ['W', 'Wand: click to preview, Enter or click again to fill'], ['N', 'Start a new instance']],
  },
  {
    title: 'Objects',
    keys: [['1 – 9', 'Pick the class (relabels the selection)'], ['/', 'Find a class by name (past nine classes)'], ['Shift + click', 'Add to or take from the selection'], ['Drag on empty image', 'Marquee: select what lies inside (Shift adds)'], ['[ / ]', 'Move the selection earlier / later in the list (drawn below / above)'], ['Delete', 'Delete the selection'], ['← ↑ → ↓', 'Nudge the selection 1 px (Shift: 10 px)'], ['Alt + click vertex', 'Remove a polygon vertex'], ['Ctrl + C / V', 'Copy / paste (also onto the next task)'], ['Ctrl + D', 'Duplicate the selection']],
  },
  {
    title: 'View and task',
    keys: [['Wheel', 'Zoom to the cursor'], ['Space + drag, middle drag', 'Pan'], ['← ↑ → ↓', 'Pan when nothing is selected'], ['F', 'Fit the image'], ['C', 'Crosshair guides'], ['0', '100 %'], ['Ctrl + Z / Ctrl + Shift + Z', 'Undo / redo'], ['Ctrl + Enter', 'Submit'], ['?', 'This sheet']],
  },
];

/** Every key of the labeling page, opened with `?`. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="card dialog shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="shortcut-groups">
          {GROUPS.map((g) => (
            <section key={g.title}>
              <h3>{g.title}</h3>
              <dl>
                {g.keys.map(([k, what]) => (
                  <div key={k + what} className="shortcut">
                    <dt><kbd>{k}</kbd></dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <div className="actions"><button onClick={onClose}>Close</button></div>
      </div>
    </div>
  );
}
