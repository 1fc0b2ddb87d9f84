type Group = { title: string; keys: [string, string][] };

/** The image labeling page's keys (boxes, polygons, masks, objects, view). */
const IMAGE_GROUPS: Group[] = [
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

/** An audio task's keys (the transcription view's handler, TranscribeView.tsx): none of the image tools apply there. */
const AUDIO_GROUPS: Group[] = [
  {
    title: 'Playback',
    keys: [['Ctrl + Space', 'Play / pause (Space outside a text field)'], ['Ctrl + ← / →', 'Back / forward 2 s'], ['Alt + L', 'Loop the segment'], ['Alt + − / =', 'Slower / faster'], ['Ctrl + wheel', 'Zoom the waveform']],
  },
  {
    title: 'Segments and text',
    keys: [['Drag on the waveform', 'A new segment'], ['Enter at a row\'s end', 'Split at the playhead'], ['Ctrl + M', 'Merge with the next row'], ['Alt + 1 – 9', 'Insert a tag at the caret'], ['Alt + Shift + 1 – 9', 'Set the speaker'], ['Tab', 'Complete a glossary term'], ['Esc', 'Cancel what is being dragged']],
  },
  {
    title: 'Task',
    keys: [['Ctrl + Z / Ctrl + Shift + Z', 'Undo / redo'], ['Ctrl + Enter', 'Submit'], ['?', 'This sheet']],
  },
];

/** The keys of the labeling page for the task's kind, opened with `?`: an audio task lists no image tools. */
export function ShortcutSheet({ kind, onClose }: { kind: 'image' | 'audio'; onClose: () => void }) {
  const groups = kind === 'audio' ? AUDIO_GROUPS : IMAGE_GROUPS;
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="card dialog shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="shortcut-groups">
          {groups.map((g) => (
            <section key={g.title} data-testid="shortcut-group">
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
