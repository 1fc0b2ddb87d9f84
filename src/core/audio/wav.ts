/** What a WAV file's header says: format and, from the data chunk's size, the duration in seconds. */
export type WavInfo = {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationSec: number;
};

/**
 * Reads a RIFF/WAVE header from the first bytes of a file (64 KiB is plenty).
 * Returns null when the bytes are not a WAV file or lack the `fmt ` or `data` chunk.
 */
export function parseWavHeader(bytes: Uint8Array): WavInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt: { channels: number; sampleRate: number; byteRate: number; bitsPerSample: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= bytes.length) {
      fmt = {
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        byteRate: view.getUint32(at + 16, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.byteRate === 0 || fmt.sampleRate === 0) return null;
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bitsPerSample, durationSec: size / fmt.byteRate };
    }
    at += 8 + size + (size % 2); // chunks are padded to even sizes
  }
  return null;
}
