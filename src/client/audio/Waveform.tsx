import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import { segmentsByTime } from '../../core/audio/segments';
import { useEditorStore } from '../state/editor-store';
import { loadPeaks } from './peaks';
import { player } from './player';
import { useTranscribeStore } from './transcribe-store';

const REGION = 'rgba(67, 99, 216, 0.18)';
const REGION_SELECTED = 'rgba(67, 99, 216, 0.42)';
const MAX_PX_PER_SEC = 1000;

/**
 * The waveform: wavesurfer drawing from the server's peaks (never decoding the file) over an <audio> element
 * that streams the file with range requests, a timeline, zoom (ctrl+wheel, slider), and the segments as
 * regions. Regions only report gestures to the audio-segment tool; they are redrawn from the document.
 */
export function Waveform({ audioUrl, durationSec }: { audioUrl: string; durationSec: number }) {
  const box = useRef<HTMLDivElement>(null);
  const timeline = useRef<HTMLDivElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const regionsRef = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const [fitPx, setFitPx] = useState(1);
  const [pxPerSec, setPxPerSec] = useState(1);
  const [failed, setFailed] = useState<string | null>(null);
  const doc = useEditorStore((s) => s.editor.doc);
  const selectedId = useEditorStore((s) => s.selectedId);
  const epoch = useTranscribeStore((s) => s.regionsEpoch);
  const ready = useTranscribeStore((s) => s.waveformReady);

  useEffect(() => {
    const container = box.current;
    const media = audio.current;
    if (!container || !media || !timeline.current) return;
    const abort = new AbortController();
    let ws: WaveSurfer | null = null;
    const store = useTranscribeStore.getState();
    store.setWaveformReady(false);
    void loadPeaks(audioUrl, abort.signal).then((loaded) => {
      if (abort.signal.aborted) return;
      const duration = loaded?.durationSec ?? durationSec;
      const fit = Math.max(0.01, container.clientWidth / duration);
      setFitPx(fit);
      setPxPerSec(fit);
      const regions = RegionsPlugin.create();
      regionsRef.current = regions;
      ws = WaveSurfer.create({
        container,
        media,
        url: audioUrl,
        ...(loaded ? { peaks: [loaded.peaks], duration } : {}),
        height: 140,
        waveColor: '#8a94a6',
        progressColor: '#3d4a63',
        cursorColor: '#e6194b',
        cursorWidth: 2,
        minPxPerSec: fit,
        autoScroll: true,
        autoCenter: true,
        normalize: false,
        plugins: [regions, TimelinePlugin.create({ container: timeline.current!, height: 18, style: { color: '#c8cfdb', fontSize: '11px' } })],
      });
      player.attach(ws);
      ws.on('redrawcomplete', () => useTranscribeStore.getState().setWaveformReady(true));
      ws.on('timeupdate', (t) => {
        useTranscribeStore.getState().setTime(t);
        player.onTime(t);
      });
      ws.on('play', () => useTranscribeStore.getState().setPlaying(true));
      ws.on('pause', () => useTranscribeStore.getState().setPlaying(false));
      ws.on('error', (e) => setFailed(String(e)));
      ws.on('zoom', (px) => setPxPerSec(px));
      ws.setPlaybackRate(useTranscribeStore.getState().rate, true);

      // Dragging on empty waveform makes a temporary region: its life is the tool's "creating" gesture.
      regions.enableDragSelection({ color: REGION_SELECTED }, 3);
      const known = (r: Region) => useEditorStore.getState().editor.doc.objects.some((o) => o.id === r.id);
      let creating: Region | null = null;
      regions.on('region-initialized', (r) => {
        if (known(r)) return;
        creating = r;
        useTranscribeStore.getState().gesture({ type: 'press', sec: r.start });
      });
      regions.on('region-update', (r) => {
        if (r === creating) useTranscribeStore.getState().gesture({ type: 'drag', startSec: r.start, endSec: r.end });
        else if (known(r)) useTranscribeStore.getState().gesture({ type: 'adjust', id: r.id, startSec: r.start, endSec: r.end });
      });
      regions.on('region-created', (r) => {
        if (r !== creating) return;
        creating = null;
        const { start, end } = r;
        r.remove(); // the document's segment replaces it, drawn by the sync below
        useTranscribeStore.getState().gesture({ type: 'release', startSec: start, endSec: end });
      });
      regions.on('region-updated', (r) => {
        if (known(r)) useTranscribeStore.getState().gesture({ type: 'adjust-end', id: r.id, startSec: r.start, endSec: r.end });
      });
      regions.on('region-clicked', (r, e) => {
        e.stopPropagation();
        useEditorStore.getState().select(r.id);
        player.playSpan({ startSec: r.start, endSec: r.end });
      });
    });
    return () => {
      abort.abort();
      if (ws) {
        player.detach(ws);
        ws.destroy();
      }
      regionsRef.current = null;
    };
  }, [audioUrl, durationSec]);

  // The document → regions, after every change (and after a refused gesture, to put a dragged edge back).
  useEffect(() => {
    const regions = regionsRef.current;
    if (!regions || !ready) return;
    const segments = segmentsByTime(doc);
    const wanted = new Map(segments.map((s) => [s.id, s]));
    for (const r of regions.getRegions()) {
      const seg = wanted.get(r.id);
      if (!seg) {
        r.remove();
        continue;
      }
      wanted.delete(r.id);
      const color = seg.id === selectedId ? REGION_SELECTED : REGION;
      if (r.start !== seg.geometry.startSec || r.end !== seg.geometry.endSec || r.color !== color) {
        r.setOptions({ start: seg.geometry.startSec, end: seg.geometry.endSec, color });
      }
    }
    for (const seg of wanted.values()) {
      regions.addRegion({ id: seg.id, start: seg.geometry.startSec, end: seg.geometry.endSec, color: seg.id === selectedId ? REGION_SELECTED : REGION, drag: true, resize: true, content: seg.transcript?.speaker ?? undefined });
    }
    for (const r of regions.getRegions()) {
      const speaker = doc.objects.find((o) => o.id === r.id)?.transcript?.speaker ?? '';
      if ((r.content?.textContent ?? '') !== speaker) r.setContent(speaker);
    }
  }, [doc, selectedId, epoch, ready]);

  const zoomTo = (px: number) => {
    const next = Math.max(fitPx, Math.min(MAX_PX_PER_SEC, px));
    player.zoom(next);
    setPxPerSec(next);
  };

  return (
    <div className="waveform-panel">
      <div
        className="waveform"
        ref={box}
        data-testid="waveform"
        data-ready={ready ? 'true' : 'false'}
        onWheel={(e) => {
          if (!e.ctrlKey) return;
          e.preventDefault();
          zoomTo(pxPerSec * (e.deltaY < 0 ? 1.25 : 0.8));
        }}
      />
      <div ref={timeline} className="waveform-timeline" />
      <audio ref={audio} preload="metadata" data-testid="audio-player" />
      <label className="zoom-control">
        Zoom
        <input
          type="range"
          data-testid="zoom-slider"
          min={0}
          max={1000}
          // A log scale from "whole clip" to MAX_PX_PER_SEC, so both an hour and a word are a few steps away.
          value={Math.round((Math.log(pxPerSec / fitPx) / Math.log(MAX_PX_PER_SEC / fitPx || 2)) * 1000) || 0}
          onChange={(e) => zoomTo(fitPx * Math.pow(MAX_PX_PER_SEC / fitPx, Number(e.target.value) / 1000))}
        />
        <span className="muted">{pxPerSec < 10 ? pxPerSec.toFixed(2) : Math.round(pxPerSec)} px/s</span>
      </label>
      {failed && <p className="notice" role="alert">The audio could not be played: {failed}</p>}
    </div>
  );
}
