/**
 * Min/max peaks of audio at several resolutions, built in one pass over the samples as they stream in.
 * Samples are 16-bit integers (-32768…32767 stands for -1…1); several channels may be interleaved, and a
 * bucket then spans `samplesPerPeak` frames of all channels. Why 16-bit integers: half the bytes of floats
 * on disk and on the wire, and more precision than a waveform drawn a few hundred pixels high can show.
 */

/** Peaks at one resolution: `data` holds min, max, min, max … one pair per bucket of `samplesPerPeak` frames. */
export type PeakLevel = { samplesPerPeak: number; data: Int16Array };

/** What a finished build gives: how many frames were seen and the levels, finest first. */
export type PeakSet = { frames: number; levels: PeakLevel[] };

/** Frames per bucket for the finest level, and the factors by which each coarser level groups the previous one's buckets. */
export type PeakPlan = { finestSamplesPerPeak: number; factors: number[] };

/** A plan aiming at about `finestPerSec` peaks per second (400 by default), with two coarser levels, 8× and 64×. */
export function peakPlan(sampleRate: number, finestPerSec = 400): PeakPlan {
  return { finestSamplesPerPeak: Math.max(1, Math.round(sampleRate / finestPerSec)), factors: [8, 8] };
}

/** Builds the finest level incrementally ({@link PeakBuilder.add}) and derives the coarser ones at the end. */
export class PeakBuilder {
  private data = new Int16Array(1 << 16);
  private count = 0;
  private min = 32767;
  private max = -32768;
  private inBucket = 0;
  private values = 0;
  private readonly perBucket: number;

  constructor(private readonly plan: PeakPlan, private readonly channels = 1) {
    this.perBucket = plan.finestSamplesPerPeak * channels;
  }

  /** Feeds interleaved samples (any length; a frame may be split across calls). */
  add(samples: Int16Array): void {
    let min = this.min;
    let max = this.max;
    let n = this.inBucket;
    const per = this.perBucket;
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      if (++n === per) {
        this.push(min, max);
        min = 32767;
        max = -32768;
        n = 0;
      }
    }
    this.min = min;
    this.max = max;
    this.inBucket = n;
    this.values += samples.length;
  }

  /** Closes the last, partial bucket and returns every level, finest first. */
  finish(): PeakSet {
    if (this.inBucket > 0) this.push(this.min, this.max);
    this.inBucket = 0;
    const finest: PeakLevel = { samplesPerPeak: this.plan.finestSamplesPerPeak, data: this.data.slice(0, this.count * 2) };
    const levels = [finest];
    for (const f of this.plan.factors) levels.push(coarser(levels.at(-1)!, f));
    return { frames: Math.floor(this.values / this.channels), levels };
  }

  private push(min: number, max: number): void {
    if (this.count * 2 + 2 > this.data.length) {
      const grown = new Int16Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.count * 2] = min;
    this.data[this.count * 2 + 1] = max;
    this.count++;
  }
}

/** A level whose buckets each cover `factor` buckets of `level`. */
export function coarser(level: PeakLevel, factor: number): PeakLevel {
  const n = level.data.length / 2;
  const out = new Int16Array(Math.ceil(n / factor) * 2);
  for (let b = 0; b < n; b += factor) {
    let min = 32767;
    let max = -32768;
    for (let i = b; i < Math.min(n, b + factor); i++) {
      const lo = level.data[i * 2]!;
      const hi = level.data[i * 2 + 1]!;
      if (lo < min) min = lo;
      if (hi > max) max = hi;
    }
    out[(b / factor) * 2] = min;
    out[(b / factor) * 2 + 1] = max;
  }
  return { samplesPerPeak: level.samplesPerPeak * factor, data: out };
}

/**
 * Converts raw little-endian PCM bytes to 16-bit samples: `formatTag` 1 (integer, 8 unsigned / 16 / 24 / 32 bits)
 * or 3 (float, 32 / 64 bits). Returns null for encodings it does not know. `bytes.length` should be a whole
 * number of samples; a trailing part-sample is dropped.
 */
export function pcmToInt16(bytes: Uint8Array, formatTag: number, bitsPerSample: number): Int16Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = bitsPerSample / 8;
  const n = Math.floor(bytes.length / width);
  const out = new Int16Array(n);
  if (formatTag === 1 && bitsPerSample === 16) {
    for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  } else if (formatTag === 1 && bitsPerSample === 8) {
    for (let i = 0; i < n; i++) out[i] = (bytes[i]! - 128) << 8;
  } else if (formatTag === 1 && bitsPerSample === 24) {
    for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 3 + 1, true);
  } else if (formatTag === 1 && bitsPerSample === 32) {
    for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true) >> 16;
  } else if (formatTag === 3 && (bitsPerSample === 32 || bitsPerSample === 64)) {
    for (let i = 0; i < n; i++) {
      const f = bitsPerSample === 32 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(f * 32767)));
    }
  } else {
    return null;
  }
  return out;
}
