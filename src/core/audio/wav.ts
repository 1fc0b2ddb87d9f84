/** What a WAV file's header says: format and, from the data chunk's size, the duration in seconds. */
export type WavInfo = {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationSec: number;
};

/**
 * Where a WAV file's samples are and how they are encoded: `formatTag` 1 (integer PCM), 3 (IEEE float) or
 * another codec; for WAVE_FORMAT_EXTENSIBLE (0xFFFE) the sub-format's tag. `dataOffset` and `dataBytes`
 * locate the data chunk in the file (`dataBytes` as declared; the file may be shorter).
 */
export type WavLayout = WavInfo & { formatTag: number; blockAlign: number; dataOffset: number; dataBytes: number };

/**
 * Reads a RIFF/WAVE header from the first bytes of a file (64 KiB is plenty).
 * Returns null when the bytes are not a WAV file or lack the `fmt ` or `data` chunk.
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo | null {
  const layout = parseWavLayout(bytes);
  if (!layout) return null;
  const { sampleRate, channels, bitsPerSample, durationSec } = layout;
  return { sampleRate, channels, bitsPerSample, durationSec };
}

/** Like {@link parseWavHeader}, with the sample encoding and where the data chunk starts. */
export function parseWavLayout(bytes: Uint8Array): WavLayout | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt: { channels: number; sampleRate: number; byteRate: number; bitsPerSample: number; formatTag: number; blockAlign: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= bytes.length) {
      const tagAt = view.getUint16(at + 8, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      const formatTag = tagAt === 0xfffe && at + 34 <= bytes.length ? view.getUint16(at + 32, true) : tagAt;
      fmt = {
        formatTag,
        blockAlign: view.getUint16(at + 20, true),
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        byteRate: view.getUint32(at + 16, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.byteRate === 0 || fmt.sampleRate === 0) return null;
      return {
        sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bitsPerSample, durationSec: size / fmt.byteRate,
        formatTag: fmt.formatTag, blockAlign: fmt.blockAlign, dataOffset: at + 8, dataBytes: size,
      };
    }
    at += 8 + size + (size % 2); // chunks are padded to even sizes
  }
  return null;
}

/**
 * A 44-byte header of a 16-bit PCM WAV file holding `dataBytes` of interleaved samples (write the samples
 * after it). For fixtures and benchmarks that generate audio.
 */
export function pcm16WavHeader(sampleRate: number, channels: number, dataBytes: number): Uint8Array {
  const bytes = new Uint8Array(44);
  const v = new DataView(bytes.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  return bytes;
}

/** A mono 16-bit WAV file of a sine tone: `seconds` long at `sampleRate`, peak `amplitude` (0…1). */
export function sineWav(opts: { sampleRate: number; seconds: number; freqHz: number; amplitude: number }): Uint8Array {
  const n = Math.round(opts.sampleRate * opts.seconds);
  const out = new Uint8Array(44 + n * 2);
  out.set(pcm16WavHeader(opts.sampleRate, 1, n * 2));
  const v = new DataView(out.buffer);
  for (let i = 0; i < n; i++) v.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * opts.freqHz * i) / opts.sampleRate) * opts.amplitude * 32767), true);
  return out;
}
