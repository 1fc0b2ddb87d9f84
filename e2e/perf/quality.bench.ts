/**
 * Quality-engine benchmark: the pure comparison code of src/core on generated, realistic inputs.
 *
 *   npx tsx e2e/perf/quality.bench.ts
 *
 * Progress and a summary of what each scene produced go to stderr; the last stdout line is one JSON
 * object of medians in milliseconds over RUNS runs after WARMUP unmeasured ones (JIT warm-up):
 *   {"boxes_1000_ms", "polygons_300_ms", "wer_10k_words_ms", "masks_1024_ms"}
 * Targets (issue "Quality engine"): boxes ≤ 10, polygons ≤ 20, WER ≤ 50; masks ≤ 20.
 *
 * Inputs come from a seeded PRNG, so every run compares the same scenes:
 *  - boxes: 1,000 reference boxes of 6 classes spread over a 4096×3072 image; the answer copies them
 *    with each edge jittered by up to ±2 px, and about 3% missed, 5% loose, 3% tight, 4% wrong class,
 *    2% with a wrong attribute, 1% duplicated, plus 3% extra boxes; answer order shuffled.
 *  - polygons: 300 star-shaped reference polygons of 30 vertices (radius 15–90 px); answers jitter each
 *    vertex by up to ±1.5 px, with about 5% coarse (every 4th vertex), 5% shifted (low overlap),
 *    3% missed, 3% wrong class and 3% extra.
 *  - WER: a 10,000-word transcript (Zipf-distributed vocabulary, sentences with capitals, punctuation
 *    and a few [tags]) against a copy with about 10% word edits (5% substitutions, 2.5% deletions,
 *    2.5% insertions), default normalisation, alignment included.
 *  - masks: a 1024×768 two-class segmentation (a road with a wavy top edge over the bottom half, and
 *    six cars of ellipses and rectangles on it); the answer's road edge wobbles by ±1 px, one car
 *    spills 25 px over its side, one is shifted 5 px, one is labeled as a truck and a patch of road is
 *    left unlabeled. `compareImage` end to end, from the stored compressed RLE strings.
 */
import type { Geometry } from '../../src/shared/geometry.schema';
import type { Finding } from '../../src/core/quality/finding-types';
import { compareImage } from '../../src/core/quality/findings';
import { maskGeometry } from '../../src/core/masks/mask-geometry';
import { encodeBitmap } from '../../src/core/masks/rle';
import type { ComparedObject } from '../../src/core/quality/matching';
import { wordErrorRate } from '../../src/core/text/wer';
import { seededRandom } from '../../src/core/random';

const WARMUP = 5;
const RUNS = 25;
const IMAGE = { width: 4096, height: 3072 };
const CLASSES = ['car', 'truck', 'pedestrian', 'cyclist', 'bicycle', 'sign'] as const;

const rng = seededRandom;

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (rand: Rand, lo: number, hi: number) => lo + rand() * (hi - lo);
const round2 = (v: number) => Math.round(v * 100) / 100;

function shuffle<T>(rand: Rand, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function boxScene(seed: number) {
  const rand = rng(seed);
  const reference: ComparedObject[] = [];
  for (let n = 0; n < 1000; n++) {
    // Log-uniform sizes from 16 to 256 px, so small and large objects both occur.
    const w = 16 * 16 ** rand();
    const h = w * between(rand, 0.5, 2);
    reference.push({
      id: `r${n}`,
      classId: pick(rand, CLASSES),
      geometry: {
        kind: 'box',
        x: round2(between(rand, 0, IMAGE.width - w)),
        y: round2(between(rand, 0, IMAGE.height - h)),
        w: round2(w),
        h: round2(Math.min(h, IMAGE.height - 1)),
      },
      attributes: { occluded: rand() < 0.3 },
    });
  }
  const answer: ComparedObject[] = [];
  const jitter = () => between(rand, -2, 2);
  for (const r of reference) {
    if (r.geometry.kind !== 'box') continue;
    const u = rand();
    if (u < 0.03) continue; // missed
    let { x, y, w, h } = r.geometry;
    let x1 = x + w + jitter();
    let y1 = y + h + jitter();
    x += jitter();
    y += jitter();
    if (u < 0.08) {
      x -= between(rand, 6, 20); // loose: left and bottom edges outside
      y1 += between(rand, 6, 20);
    } else if (u < 0.11) {
      y += Math.min(h * 0.2, between(rand, 5, 15)); // tight: top edge inside
    }
    w = x1 - x;
    h = y1 - y;
    const classId = u > 0.11 && u < 0.15 ? pick(rand, CLASSES.filter((c) => c !== r.classId)) : r.classId;
    const wasOccluded = r.attributes?.occluded === true;
    const occluded = u > 0.15 && u < 0.17 ? !wasOccluded : wasOccluded;
    const box: Geometry = { kind: 'box', x: round2(x), y: round2(y), w: round2(w), h: round2(h) };
    answer.push({ id: `a${answer.length}`, classId, geometry: box, attributes: { occluded } });
    if (u > 0.17 && u < 0.18) {
      answer.push({ id: `a${answer.length}`, classId, geometry: { ...box, x: box.x + 3, y: box.y + 2 }, attributes: { occluded } });
    }
  }
  for (let n = 0; n < 30; n++) {
    const w = 16 * 16 ** rand();
    answer.push({
      id: `a${answer.length}`,
      classId: pick(rand, CLASSES),
      geometry: { kind: 'box', x: round2(between(rand, 0, IMAGE.width - w)), y: round2(between(rand, 0, IMAGE.height - w)), w: round2(w), h: round2(w) },
      attributes: { occluded: false },
    });
  }
  return { answer: { objects: shuffle(rand, answer) }, reference: { objects: reference } };
}

function starPolygon(rand: Rand, cx: number, cy: number, radius: number, vertices: number) {
  return Array.from({ length: vertices }, (_, i) => {
    const angle = (i / vertices) * 2 * Math.PI;
    const r = radius * between(rand, 0.75, 1);
    return { x: round2(cx + r * Math.cos(angle)), y: round2(cy + r * Math.sin(angle)) };
  });
}

function polygonScene(seed: number) {
  const rand = rng(seed);
  const reference: ComparedObject[] = [];
  for (let n = 0; n < 300; n++) {
    const radius = between(rand, 15, 90);
    const cx = between(rand, radius, IMAGE.width - radius);
    const cy = between(rand, radius, IMAGE.height - radius);
    reference.push({ id: `r${n}`, classId: pick(rand, CLASSES), geometry: { kind: 'polygon', points: starPolygon(rand, cx, cy, radius, 30) } });
  }
  const answer: ComparedObject[] = [];
  for (const r of reference) {
    if (r.geometry.kind !== 'polygon') continue;
    const u = rand();
    if (u < 0.03) continue; // missed
    let points = r.geometry.points.map((p) => ({ x: round2(p.x + between(rand, -1.5, 1.5)), y: round2(p.y + between(rand, -1.5, 1.5)) }));
    if (u < 0.08) points = points.filter((_, i) => i % 4 === 0); // coarse
    else if (u < 0.13) {
      const xs = points.map((p) => p.x);
      const shift = (Math.max(...xs) - Math.min(...xs)) * 0.12; // low overlap
      points = points.map((p) => ({ x: p.x + shift, y: p.y }));
    }
    const classId = u > 0.13 && u < 0.16 ? pick(rand, CLASSES.filter((c) => c !== r.classId)) : r.classId;
    answer.push({ id: `a${answer.length}`, classId, geometry: { kind: 'polygon', points } });
  }
  for (let n = 0; n < 9; n++) {
    const radius = between(rand, 15, 90);
    answer.push({
      id: `a${answer.length}`,
      classId: pick(rand, CLASSES),
      geometry: { kind: 'polygon', points: starPolygon(rand, between(rand, radius, IMAGE.width - radius), between(rand, radius, IMAGE.height - radius), radius, 30) },
    });
  }
  return { answer: { objects: shuffle(rand, answer) }, reference: { objects: reference } };
}

function transcripts(seed: number) {
  const rand = rng(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qu', 'den', 'ber', 'lin', 'tor'];
  const common = ['the', 'a', 'and', 'of', 'to', 'in', 'is', 'it', 'that', 'we', 'on', 'for', 'you', 'with', 'this'];
  const vocab = [...common];
  while (vocab.length < 5000) {
    const n = 1 + Math.floor(rand() * 3);
    vocab.push(Array.from({ length: n }, () => pick(rand, syllables)).join(''));
  }
  // Zipf: rank r drawn with weight 1/r.
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= vocab.length; r++) cumulative.push((sum += 1 / r));
  const word = () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo]!;
  };
  const refWords = Array.from({ length: 10_000 }, word);
  const hypWords: string[] = [];
  for (const w of refWords) {
    const u = rand();
    if (u < 0.05) hypWords.push(word()); // substitution
    else if (u < 0.075) continue; // deletion
    else if (u < 0.1) hypWords.push(w, word()); // insertion
    else hypWords.push(w);
  }
  const render = (words: readonly string[]) => {
    let out = '';
    let sentenceStart = true;
    for (const w of words) {
      out += sentenceStart ? w[0]!.toUpperCase() + w.slice(1) : w;
      sentenceStart = false;
      const u = rand();
      if (u < 0.07) {
        out += '. ';
        sentenceStart = true;
      } else if (u < 0.12) out += ', ';
      else if (u < 0.125) out += ' [noise] ';
      else out += ' ';
    }
    return out.trim();
  };
  return { reference: render(refWords), hypothesis: render(hypWords) };
}

function maskScene(seed: number) {
  const rand = rng(seed);
  const w = 1024;
  const h = 768;
  const paint = (fill: (x: number, y: number) => boolean) => {
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (fill(x, y)) data[y * w + x] = 1;
    return maskGeometry(encodeBitmap({ width: w, height: h, data }));
  };
  const wave = Array.from({ length: w }, (_, x) => 384 + 20 * Math.sin(x / 60) + 8 * Math.sin(x / 13));
  const wobble = Array.from({ length: w }, () => Math.round(between(rand, -1, 1)));
  const cars = Array.from({ length: 6 }, (_, k) => ({ cx: 90 + k * 160 + between(rand, -20, 20), cy: between(rand, 450, 700), rx: between(rand, 40, 70), ry: between(rand, 20, 35), box: k % 2 === 0 }));
  const inCar = (c: (typeof cars)[number], x: number, y: number, dx = 0) =>
    c.box ? Math.abs(x - dx - c.cx) <= c.rx && Math.abs(y - c.cy) <= c.ry : ((x - dx - c.cx) / c.rx) ** 2 + ((y - c.cy) / c.ry) ** 2 <= 1;
  const reference: ComparedObject[] = [
    { id: 'r-road', classId: 'road', geometry: paint((x, y) => y >= wave[x]! && !cars.some((c) => inCar(c, x, y))) },
    { id: 'r-car', classId: 'car', geometry: paint((x, y) => cars.some((c) => inCar(c, x, y))) },
  ];
  const hole = { x0: 40, x1: 140, y0: 700, y1: 760 };
  const answerCar = (x: number, y: number, k: number) => {
    const c = cars[k]!;
    if (k === 1) return inCar(c, x, y) || (Math.abs(y - c.cy) < c.ry * 0.5 && x > c.cx && x <= c.cx + c.rx + 25);
    if (k === 2) return inCar(c, x, y, 5);
    return inCar(c, x, y);
  };
  const answer: ComparedObject[] = [
    { id: 'a-road', classId: 'road', geometry: paint((x, y) => y >= wave[x]! + wobble[x]! && !(x >= hole.x0 && x < hole.x1 && y >= hole.y0 && y < hole.y1) && !cars.some((_, k) => answerCar(x, y, k))) },
    { id: 'a-car', classId: 'car', geometry: paint((x, y) => cars.some((_, k) => k !== 4 && answerCar(x, y, k))) },
    { id: 'a-truck', classId: 'truck', geometry: paint((x, y) => answerCar(x, y, 4)) },
  ];
  // As stored: compressed strings, parsed afresh on every run (no run-length cache across runs).
  const fresh = (objects: ComparedObject[]) => () => objects.map((o) => (o.geometry.kind === 'mask' ? { ...o, geometry: { kind: 'mask' as const, rle: { ...o.geometry.rle } } } : o));
  return { answer: fresh(answer), reference: fresh(reference) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function measure<T>(name: string, fn: () => T): { ms: number; last: T } {
  let last = fn();
  for (let i = 1; i < WARMUP; i++) last = fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = fn();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  process.stderr.write(`${name}: median ${ms.toFixed(2)} ms (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}) over ${RUNS} runs\n`);
  return { ms, last };
}

function summarise(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t}=${n}`).join(' ');
}

const boxes = boxScene(1);
const polygons = polygonScene(2);
const text = transcripts(3);
const masks = maskScene(4);

const boxRun = measure('boxes_1000', () => compareImage(boxes.answer, boxes.reference));
process.stderr.write(`  ${boxes.answer.objects.length} answer boxes: ${summarise(boxRun.last)}\n`);
const polygonRun = measure('polygons_300', () => compareImage(polygons.answer, polygons.reference));
process.stderr.write(`  ${polygons.answer.objects.length} answer polygons: ${summarise(polygonRun.last)}\n`);
const werRun = measure('wer_10k_words', () => wordErrorRate(text.reference, text.hypothesis));
const w = werRun.last;
process.stderr.write(
  `  ${w.referenceWords} vs ${w.hypothesisWords} words: S=${w.substitutions} D=${w.deletions} I=${w.insertions} WER=${w.wer.toFixed(4)}\n`,
);

const maskRun = measure('masks_1024', () => compareImage({ objects: masks.answer() }, { objects: masks.reference() }));
process.stderr.write(`  1024×768, road and car: ${summarise(maskRun.last)}\n`);

const round = (ms: number) => Math.round(ms * 1000) / 1000;
console.log(
  JSON.stringify({
    boxes_1000_ms: round(boxRun.ms),
    polygons_300_ms: round(polygonRun.ms),
    wer_10k_words_ms: round(werRun.ms),
    masks_1024_ms: round(maskRun.ms),
  }),
);
