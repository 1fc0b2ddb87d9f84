import type WaveSurfer from 'wavesurfer.js';
import { useTranscribeStore } from './transcribe-store';

/**
 * The one waveform player of the page, for keys and rows to drive without holding the wavesurfer instance
 * themselves. Spans (play a segment, loop it) are enforced in `onTime`, called on every time update.
 */
let ws: WaveSurfer | null = null;

export const player = {
  attach(w: WaveSurfer) {
    ws = w;
  },
  detach(w: WaveSurfer) {
    if (ws === w) ws = null;
  },
  get instance() {
    return ws;
  },
  toggle() {
    if (!ws) return;
    const s = useTranscribeStore.getState();
    if (ws.isPlaying()) {
      void ws.pause();
      return;
    }
    // Looping with nothing chosen loops the segment under the playhead.
    if (!s.span && s.loop) {
      const seg = s.segmentAt(ws.getCurrentTime());
      if (seg) s.setSpan(seg);
    }
    void ws.play();
  },
  seek(sec: number) {
    if (!ws) return;
    const d = ws.getDuration();
    ws.setTime(Math.max(0, Math.min(d, sec)));
  },
  skip(deltaSec: number) {
    if (ws) player.seek(ws.getCurrentTime() + deltaSec);
  },
  /** Plays one span from its start; it stops at its end, or starts over while looping is on. */
  playSpan(span: { startSec: number; endSec: number }) {
    if (!ws) return;
    useTranscribeStore.getState().setSpan(span);
    ws.setTime(span.startSec);
    void ws.play();
  },
  setRate(rate: number) {
    // preservesPitch: speech at 0.5× or 2× keeps its voice.
    ws?.setPlaybackRate(rate, true);
  },
  zoom(pxPerSec: number) {
    if (ws && ws.getDuration() > 0) ws.zoom(pxPerSec);
  },
  /** Keeps playback inside the chosen span: stop (or loop) at its end. */
  onTime(sec: number) {
    if (!ws) return;
    const { span, loop, setSpan } = useTranscribeStore.getState();
    if (!span || !ws.isPlaying()) return;
    if (sec >= span.endSec) {
      if (loop) ws.setTime(span.startSec);
      else {
        void ws.pause();
        ws.setTime(span.endSec);
        setSpan(null);
      }
    } else if (sec < span.startSec - 0.25) {
      setSpan(null); // the person sought elsewhere: the span no longer applies
    }
  },
  currentTime(): number {
    return ws?.getCurrentTime() ?? 0;
  },
};
