/** The server's peaks index of one audio file (see `GET /api/media/:id/peaks`). */
export type PeaksIndex = { durationSec: number; sampleRate: number; levels: { samplesPerPeak: number; peaksPerSec: number; count: number }[] };

/** Most min/max pairs the page loads: enough detail to zoom in on, little enough to draw an hour at once. */
const MAX_PAIRS = 250_000;

/**
 * Loads the finest level of peaks that stays under {@link MAX_PAIRS}, as the one channel wavesurfer draws
 * from (min, max, min, max … in -1…1). Null when the audio has no stored peaks (a task made from a bare URL):
 * the page then lets wavesurfer decode the file itself, which is fine for the short clips such tasks hold.
 */
export async function loadPeaks(audioUrl: string, signal?: AbortSignal): Promise<{ peaks: Float32Array; durationSec: number } | null> {
  const ahead = prefetched.get(audioUrl);
  if (ahead) {
    prefetched.delete(audioUrl);
    const got = await ahead.catch(() => null);
    if (got) return got;
  }
  return fetchPeaks(audioUrl, signal);
}

/** Peaks fetched ahead for the next task, by audio URL (a few at most: one next task at a time). */
const prefetched = new Map<string, Promise<{ peaks: Float32Array; durationSec: number } | null>>();

/**
 * Fetches the peaks of the task the next claim will probably get while the current one is worked on, so
 * its waveform draws at once after submit; {@link loadPeaks} takes them from here.
 */
export function prefetchPeaks(audioUrl: string): void {
  if (prefetched.has(audioUrl)) return;
  while (prefetched.size >= 3) prefetched.delete(prefetched.keys().next().value!);
  prefetched.set(audioUrl, fetchPeaks(audioUrl));
}

async function fetchPeaks(audioUrl: string, signal?: AbortSignal): Promise<{ peaks: Float32Array; durationSec: number } | null> {
  if (!/^\/api\/media\/[0-9a-f-]{36}$/i.test(audioUrl)) return null;
  const res = await fetch(`${audioUrl}/peaks`, { credentials: 'same-origin', signal });
  if (!res.ok) return null;
  const index = (await res.json()) as PeaksIndex;
  const level = index.levels.find((l) => l.count <= MAX_PAIRS) ?? index.levels.at(-1);
  if (!level) return null;
  const bin = await fetch(`${audioUrl}/peaks?res=${level.samplesPerPeak}`, { credentials: 'same-origin', signal });
  if (!bin.ok) return null;
  const ints = new Int16Array(await bin.arrayBuffer());
  const peaks = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) peaks[i] = ints[i]! / 32768;
  return { peaks, durationSec: index.durationSec };
}
