import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { PeakBuilder, peakPlan, pcmToInt16, type PeakSet } from '../../core/audio/peaks';
import { parseWavLayout } from '../../core/audio/wav';
import type { BlobStore } from './blob-store';

/** Audio that could not be read, with a reason a person can act on. */
export class AudioError extends Error {}

/** What ingestion learns from an audio file: its type, duration and peaks. */
export type AudioAnalysis = { contentType: string; durationSec: number; sampleRate: number; peaks: PeakSet };

/** The peaks index stored next to an audio blob (`<id>.peaks.json`) and served by `GET /api/media/:id/peaks`. */
export type PeaksIndex = {
  durationSec: number;
  sampleRate: number;
  /** Finest first; `res` in the peaks URL is a level's `samplesPerPeak`. Each level is 16-bit little-endian min,max pairs. */
  levels: { samplesPerPeak: number; peaksPerSec: number; count: number }[];
};

/** Samples per chunk when walking a WAV file's data (bounded memory whatever the file's length). */
const CHUNK_SAMPLES = 1 << 20;
/** The rate ffmpeg decodes other formats to: enough for a speech waveform, and a quarter of the samples of 44.1 kHz stereo. */
const DECODE_RATE = 16_000;

const SIGNATURES: { name: string; type: string; test: (b: Buffer) => boolean }[] = [
  { name: 'MP3', type: 'audio/mpeg', test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) },
  { name: 'OGG', type: 'audio/ogg', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  { name: 'FLAC', type: 'audio/flac', test: (b) => b.subarray(0, 4).toString('latin1') === 'fLaC' },
  { name: 'M4A', type: 'audio/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { name: 'WAV', type: 'audio/wav', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE' },
];

/**
 * Reads an audio file once from disk (`head` is its first bytes, already in memory): WAV (integer or
 * float PCM) natively, walking its samples in chunks; MP3, OGG, FLAC, M4A and WAV with other codecs
 * through ffmpeg (`ffmpegPath`, or null when it is not available). Memory stays bounded by the chunk
 * size whatever the file's length. Throws {@link AudioError} with a readable reason for empty, damaged
 * or unsupported files.
 */
export async function analyzeAudio(file: string, head: Buffer, ffmpegPath: string | null): Promise<AudioAnalysis> {
  const sig = SIGNATURES.find((s) => s.test(head));
  if (sig?.name === 'WAV') {
    const native = await analyzeWav(file, head);
    if (native) return native;
  }
  if (!sig) throw new AudioError('the file is not audio we can read (WAV, MP3, OGG, FLAC or M4A)');
  if (!ffmpegPath) throw new AudioError(`${sig.name} audio needs ffmpeg, which is not installed on this server (WAV is read without it)`);
  const decoded = await decodeWithFfmpeg(file, ffmpegPath, sig.name);
  return { ...decoded, contentType: sig.type };
}

async function analyzeWav(file: string, head: Buffer): Promise<AudioAnalysis | null> {
  const layout = parseWavLayout(head);
  if (!layout) throw new AudioError('the WAV file is damaged: no readable fmt and data chunks');
  const { formatTag, bitsPerSample, channels, sampleRate, blockAlign } = layout;
  if (formatTag !== 1 && formatTag !== 3) return null; // another codec inside RIFF: ffmpeg's job
  if (channels < 1 || sampleRate < 1 || blockAlign !== (channels * bitsPerSample) / 8) throw new AudioError('the WAV file is damaged: its format chunk does not add up');
  const fh = await open(file, 'r');
  try {
    // A header may declare more data than the file holds (a recording cut short): read what is there.
    const available = Math.min(layout.dataBytes, (await fh.stat()).size - layout.dataOffset);
    const frames = Math.floor(Math.max(0, available) / blockAlign);
    if (frames === 0) throw new AudioError('the audio is empty');
    const builder = new PeakBuilder(peakPlan(sampleRate), channels);
    const width = bitsPerSample / 8;
    const end = layout.dataOffset + frames * blockAlign;
    // Whole frames per chunk, so a chunk never splits a sample; one buffer reused for every chunk.
    const step = Math.max(blockAlign, Math.floor((CHUNK_SAMPLES * width) / blockAlign) * blockAlign);
    const buffer = Buffer.alloc(step);
    for (let at = layout.dataOffset; at < end; at += step) {
      const want = Math.min(step, end - at);
      const { bytesRead } = await fh.read(buffer, 0, want, at);
      if (bytesRead < want) throw new AudioError('the WAV file could not be read to its end');
      const bytes = buffer.subarray(0, want);
      // 16-bit PCM is read in place (the buffer is ours and aligned); everything else is converted chunk by chunk.
      const samples = formatTag === 1 && bitsPerSample === 16 && bytes.byteOffset % 2 === 0
        ? new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2)
        : pcmToInt16(bytes, formatTag, bitsPerSample);
      if (!samples) throw new AudioError(`the WAV file's ${bitsPerSample}-bit ${formatTag === 3 ? 'float' : 'integer'} samples are not a format we read`);
      builder.add(samples);
    }
    return { contentType: 'audio/wav', durationSec: frames / sampleRate, sampleRate, peaks: builder.finish() };
  } finally {
    await fh.close();
  }
}

/**
 * Decodes the file through ffmpeg to 16 kHz mono 16-bit samples streamed from its stdout into the peak
 * builder. ffmpeg reads the file itself (not a pipe): M4A keeps its index at the end, which a pipe cannot reach.
 */
async function decodeWithFfmpeg(file: string, ffmpegPath: string, name: string): Promise<Omit<AudioAnalysis, 'contentType'>> {
  const builder = new PeakBuilder(peakPlan(DECODE_RATE), 1);
  let carry: Buffer | null = null;
  let stderr = '';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-v', 'error', '-nostdin', '-i', file, '-vn', '-ac', '1', '-ar', String(DECODE_RATE), '-f', 's16le', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new AudioError(`${name} audio needs ffmpeg, which is not installed on this server (WAV is read without it)`) : e);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString('utf8');
    });
    child.stdout.on('data', (d: Buffer) => {
      let chunk = carry ? Buffer.concat([carry, d]) : d;
      carry = null;
      if (chunk.length % 2 === 1) {
        carry = chunk.subarray(chunk.length - 1);
        chunk = chunk.subarray(0, chunk.length - 1);
      }
      // Buffers from a stream may start at an odd address: copy those to read them as 16-bit.
      const aligned = chunk.byteOffset % 2 === 0 ? chunk : Buffer.from(chunk);
      builder.add(new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2));
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    const why = stderr.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? `exit code ${code}`;
    throw new AudioError(`ffmpeg could not decode the ${name} file: ${why.replaceAll(file, 'input')}`);
  }
  const peaks = builder.finish();
  if (peaks.frames === 0) throw new AudioError('the audio is empty');
  return { durationSec: peaks.frames / DECODE_RATE, sampleRate: DECODE_RATE, peaks };
}

/** Blob names of the peaks of media `id`: the index and one file per level. */
export const peaksNames = {
  index: (id: string) => `${id}.peaks.json`,
  level: (id: string, samplesPerPeak: number) => `${id}.peaks-${samplesPerPeak}.i16`,
};

/** Stores the peaks next to the media: one binary file per level and the JSON index. */
export async function storePeaks(store: BlobStore, id: string, a: AudioAnalysis): Promise<PeaksIndex> {
  const index: PeaksIndex = {
    durationSec: a.durationSec,
    sampleRate: a.sampleRate,
    levels: a.peaks.levels.map((l) => ({ samplesPerPeak: l.samplesPerPeak, peaksPerSec: a.sampleRate / l.samplesPerPeak, count: l.data.length / 2 })),
  };
  for (const l of a.peaks.levels) await store.put(peaksNames.level(id, l.samplesPerPeak), Buffer.from(l.data.buffer, l.data.byteOffset, l.data.byteLength));
  await store.put(peaksNames.index(id), Buffer.from(JSON.stringify(index)));
  return index;
}
