import { useViewStore } from '../state/view-store';

/** Brightness and contrast of the image (not the annotations), and the crosshair guides. */
export function ViewControls() {
  const brightness = useViewStore((s) => s.brightness);
  const contrast = useViewStore((s) => s.contrast);
  const crosshair = useViewStore((s) => s.crosshair);
  const { setAdjustments, toggleCrosshair } = useViewStore.getState();
  return (
    <section className="view-controls" aria-label="Image display">
      <h3>Image</h3>
      <label>
        Brightness <span className="muted">{brightness}%</span>
        <input type="range" min={30} max={300} step={5} value={brightness} onChange={(e) => setAdjustments({ brightness: Number(e.target.value) })} data-testid="brightness" />
      </label>
      <label>
        Contrast <span className="muted">{contrast}%</span>
        <input type="range" min={30} max={300} step={5} value={contrast} onChange={(e) => setAdjustments({ contrast: Number(e.target.value) })} data-testid="contrast" />
      </label>
      <div className="view-buttons">
        <button onClick={() => setAdjustments({ brightness: 100, contrast: 100 })}>Reset</button>
        <button aria-pressed={crosshair} className={crosshair ? 'active' : undefined} onClick={toggleCrosshair} title="Crosshair guides (C)" data-testid="crosshair">
          Crosshair
        </button>
      </div>
    </section>
  );
}
