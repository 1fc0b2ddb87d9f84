import { describe, expect, it } from 'vitest';
import { parseWavHeader } from './wav';

/** A minimal PCM WAV header (plus an optional LIST chunk before the data) for `dataBytes` of samples. */
function wav(sampleRate: number, channels: number, bits: number, dataBytes: number, withList = false): Uint8Array {
  const list = withList ? 12 : 0;
  const buf = new ArrayBuffer(44 + list);
  const v = new DataView(buf);
  const put = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  put(0, 'RIFF'); v.setUint32(4, 36 + list + dataBytes, true); put(8, 'WAVE');
  put(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true); v.setUint32(28, (sampleRate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true); v.setUint16(34, bits, true);
  let at = 36;
  if (withList) { put(at, 'LIST'); v.setUint32(at + 4, 4, true); put(at + 8, 'INFO'); at += 12; }
  put(at, 'data'); v.setUint32(at + 4, dataBytes, true);
  return new Uint8Array(buf);
}

describe('parseWavHeader', () => {
  it('reads a 16 kHz mono 16-bit header and the duration from the data size', () => {
    expect(parseWavHeader(wav(16_000, 1, 16, 32_000 * 5))).toEqual({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, durationSec: 5 });
  });
  it('skips chunks before the data chunk', () => {
    expect(parseWavHeader(wav(44_100, 2, 16, 176_400, true))?.durationSec).toBe(1);
  });
  it('refuses what is not a WAV file', () => {
    expect(parseWavHeader(new TextEncoder().encode('ID3 this is an mp3'))).toBeNull();
    expect(parseWavHeader(wav(16_000, 1, 16, 100).subarray(0, 30))).toBeNull();
  });
});
