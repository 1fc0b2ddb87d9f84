import { describe, expect, it } from 'vitest';
import { coarser, PeakBuilder, peakPlan, pcmToInt16 } from './peaks';

describe('peak builder', () => {
  it('keeps the min and max of every bucket, across chunk boundaries, with a partial last bucket', () => {
    const b = new PeakBuilder({ finestSamplesPerPeak: 3, factors: [2] });
    b.add(Int16Array.from([1, -5, 2, 7]));
    b.add(Int16Array.from([0, 3, -1]));
    const set = b.finish();
    expect(set.frames).toBe(7);
    expect([...set.levels[0]!.data]).toEqual([-5, 2, 0, 7, -1, -1]);
    expect(set.levels[1]!.samplesPerPeak).toBe(6);
    expect([...set.levels[1]!.data]).toEqual([-5, 7, -1, -1]);
  });
  it('spans all channels of a frame in one bucket', () => {
    const b = new PeakBuilder({ finestSamplesPerPeak: 2, factors: [] }, 2);
    b.add(Int16Array.from([10, -10, 20, -20, 5, 6, 7, 8]));
    expect([...b.finish().levels[0]!.data]).toEqual([-20, 20, 5, 8]);
  });
  it('plans about 400 peaks a second, then 8× and 64× coarser', () => {
    expect(peakPlan(16_000)).toEqual({ finestSamplesPerPeak: 40, factors: [8, 8] });
    expect(coarser({ samplesPerPeak: 1, data: Int16Array.from([1, 2, 3, 4, 5, 6]) }, 2).data).toEqual(Int16Array.from([1, 4, 5, 6]));
  });
});

describe('pcmToInt16', () => {
  it('reads 8-bit unsigned, 24-bit and float samples', () => {
    expect([...pcmToInt16(Uint8Array.from([128, 255, 0]), 1, 8)!]).toEqual([0, 127 << 8, -32768]);
    // 24-bit little-endian 0x7fff00 → its top 16 bits 0x7fff.
    expect([...pcmToInt16(Uint8Array.from([0x00, 0xff, 0x7f]), 1, 24)!]).toEqual([32767]);
    const f = new Float32Array([0.5, -1]);
    expect([...pcmToInt16(new Uint8Array(f.buffer), 3, 32)!]).toEqual([16384, -32767]);
    expect(pcmToInt16(new Uint8Array(4), 2, 4)).toBeNull();
  });
});
