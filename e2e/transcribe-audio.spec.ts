import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { asFreshLabeler, DEMO_PASSWORD } from './fixtures/app';
import { TranscribePage } from './fixtures/transcribe';

/** Segment times from dragging land within this of where the pointer was aimed (a pixel is ~5 ms at fit zoom). */
const TOLERANCE_SEC = 0.08;

test('a transcriber makes two segments, types text with a speaker and a tag, plays, undoes, reloads, submits; the WebVTT has it', async ({ page, playwright, baseURL }) => {
  // Stock the queue with one more demo clip, uploaded like an owner would, so this spec never runs it dry.
  const owner = await playwright.request.newContext({ baseURL });
  expect((await owner.post('/api/auth/login', { data: { email: 'owner@demo.test', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const projects = (await (await owner.get('/api/projects')).json()).projects as { id: string; name: string }[];
  const meetings = projects.find((p) => p.name === 'Meeting snippets')!;
  const clip = await readFile('public/demo/audio/clip-01.wav');
  // A foot pedal sending F9 for play/pause (a project setting).
  expect((await owner.put(`/api/projects/${meetings.id}`, { data: { settings: { pedalKeys: { playPause: 'F9' } } } })).ok()).toBe(true);
  expect((await owner.post(`/api/projects/${meetings.id}/uploads?filename=extra-clip.wav`, { data: clip, headers: { 'content-type': 'audio/wav' } })).status()).toBe(201);

  await asFreshLabeler(page, playwright, baseURL, 'transcriber');
  const t = new TranscribePage(page);
  await t.open();
  const task = await page.getByTestId('task-id').textContent();

  // Two segments, dragged on the waveform.
  await t.dragSegment(0.5, 2);
  await expect(t.rows()).toHaveCount(1);
  await t.dragSegment(3, 5);
  await expect(t.rows()).toHaveCount(2);

  // Row 1: a speaker from the project's list, words, and a tag by hotkey at the caret.
  await t.row(1).getByTestId('segment-speaker').fill('Speaker 1');
  await t.row(1).getByTestId('segment-text').click();
  await page.keyboard.type('please deploy');
  await page.keyboard.press('Alt+1');
  await page.keyboard.type(' the build');
  await expect(t.row(1).getByTestId('tag-chip')).toHaveText(/\[inaudible\]/);
  // Row 2: the speaker by hotkey while typing.
  await t.row(2).getByTestId('segment-text').click();
  await page.keyboard.type('to the cubernetes cluster');
  await page.keyboard.press('Alt+Shift+2');
  // A near-miss of the glossary's "Kubernetes" is flagged before submit; one click puts the term in.
  await expect(page.getByTestId('glossary-summary')).toBeVisible();
  await t.row(2).getByTestId('glossary-miss').click();
  await expect(t.row(2).getByTestId('segment-text')).toHaveValue('to the Kubernetes cluster');
  await expect(page.getByTestId('glossary-summary')).toHaveCount(0);

  // Playback keys work while the caret is in a text field, and type nothing there.
  await t.row(2).getByTestId('segment-text').click();
  await page.keyboard.press('Control+Space');
  await expect.poll(async () => (await t.audioState()).paused).toBe(false);
  await page.keyboard.press('Control+Space');
  await expect.poll(async () => (await t.audioState()).paused).toBe(true);
  const before = (await t.audioState()).currentTime;
  await page.keyboard.press('Control+ArrowRight');
  await expect.poll(async () => (await t.audioState()).currentTime).toBeCloseTo(Math.min(before + 2, 5.5), 1);
  await page.keyboard.press('F9');
  await expect.poll(async () => (await t.audioState()).paused).toBe(false);
  await page.keyboard.press('F9');
  await expect.poll(async () => (await t.audioState()).paused).toBe(true);
  await expect(t.row(2).getByTestId('segment-text')).toHaveValue('to the Kubernetes cluster');
  await expect(t.row(2).getByTestId('segment-speaker')).toHaveValue('Speaker 2');

  await expect.poll(async () => (await t.exportDocument()).objects.map((o) => o.transcript?.text)).toEqual(['please deploy the build', 'to the Kubernetes cluster']);
  const doc = await t.exportDocument();
  const [a, b] = doc.objects;
  if (a?.geometry.kind !== 'segment' || b?.geometry.kind !== 'segment') throw new Error('not segments');
  expect(Math.abs(a.geometry.startSec - 0.5)).toBeLessThan(TOLERANCE_SEC);
  expect(Math.abs(a.geometry.endSec - 2)).toBeLessThan(TOLERANCE_SEC);
  expect(Math.abs(b.geometry.startSec - 3)).toBeLessThan(TOLERANCE_SEC);
  expect(a.transcript).toEqual({ speaker: 'Speaker 1', text: 'please deploy the build', tags: [{ tag: 'inaudible', offset: 13 }] });
  expect(b.transcript?.speaker).toBe('Speaker 2');

  // Play segment 1: the audio element's time advances and stops at the segment's end (looping is off).
  await expect(page.getByTestId('loop')).not.toBeChecked();
  await t.row(1).getByTestId('segment-play').click();
  await expect.poll(async () => (await t.audioState()).currentTime, { timeout: 5000 }).toBeGreaterThan(a.geometry.startSec + 0.3);
  await expect.poll(async () => (await t.audioState()).paused, { timeout: 5000 }).toBe(true);
  const stopped = await t.audioState();
  expect(Math.abs(stopped.currentTime - a.geometry.endSec)).toBeLessThan(0.1);
  await expect(t.row(1)).toHaveClass(/selected/);

  // With looping on, playback of the segment starts over at its start instead of stopping.
  await page.getByTestId('loop').check();
  const wrapped = page.getByTestId('audio-player').evaluate((el: HTMLAudioElement, span) => new Promise<boolean>((resolve) => {
    let last = -1;
    const onTime = () => {
      if (!el.paused && last > span.end - 0.3 && el.currentTime < span.start + 0.3) {
        el.removeEventListener('timeupdate', onTime);
        resolve(true);
      }
      last = el.currentTime;
    };
    el.addEventListener('timeupdate', onTime);
    setTimeout(() => resolve(false), 8000);
  }), { start: a.geometry.startSec, end: a.geometry.endSec });
  await t.row(1).getByTestId('segment-play').click();
  expect(await wrapped).toBe(true);
  await page.getByTestId('play').click(); // pause
  await page.getByTestId('loop').uncheck();

  // A third segment, then undo takes it back (one gesture, one step).
  await page.getByTestId('time-readout').click(); // out of the text field, as a person clicks away
  await t.dragSegment(2.3, 2.8);
  await expect(t.rows()).toHaveCount(3);
  await page.getByTestId('time-readout').click();
  await page.keyboard.press('Control+z');
  await expect(t.rows()).toHaveCount(2);

  // Enter at the end of row 2 splits it at the playhead; Ctrl+M on row 2 merges the two halves again.
  await page.evaluate(() => (window as unknown as { __labelbench: { audio: { seek(s: number): void } } }).__labelbench.audio.seek(4));
  await t.row(2).getByTestId('segment-text').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(t.rows()).toHaveCount(3);
  await expect(t.row(3).getByTestId('segment-times')).toHaveText(/^0:04\.0–0:05\.0/);
  await expect(t.row(3).getByTestId('segment-speaker')).toHaveValue('Speaker 2');
  await t.row(2).getByTestId('segment-times').click();
  await page.keyboard.press('Control+m');
  await expect(t.rows()).toHaveCount(2);
  await expect(t.row(2).getByTestId('segment-text')).toHaveValue('to the Kubernetes cluster');

  // The draft is saved; a reload brings the same task back with it.
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  await page.screenshot({ path: 'test-results/transcribe-audio.png' });
  await page.reload();
  await t.waitForWaveform();
  await expect(page.getByTestId('task-id')).toHaveText(task!);
  await expect(page.getByRole('status').filter({ hasText: /restored/ })).toBeVisible();
  await expect(t.rows()).toHaveCount(2);
  await expect(t.row(1).getByTestId('segment-text')).toHaveValue('please deploy the build');
  await expect(t.row(2).getByTestId('segment-speaker')).toHaveValue('Speaker 2');

  // Submit from the keyboard while typing: the last words go with it.
  await t.row(2).getByTestId('segment-text').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' now');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('task-id')).not.toHaveText(task!);

  // The owner's WebVTT export holds the typed text with the times.
  const res = await owner.get(`/api/projects/${meetings.id}/export?format=vtt`);
  expect(res.ok()).toBe(true);
  const files = unzipSync(new Uint8Array(await res.body()));
  const vtt = Object.values(files).map((f) => strFromU8(f)).find((text) => text.includes('please deploy'));
  expect(vtt).toBeDefined();
  const cues = [...vtt!.matchAll(/(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n(.*)/g)].map((m) => ({
    start: Number(m[3]) + Number(m[4]) / 1000 + Number(m[2]) * 60,
    end: Number(m[7]) + Number(m[8]) / 1000 + Number(m[6]) * 60,
    text: m[9],
  }));
  expect(cues).toHaveLength(2);
  expect(cues[0]!.text).toBe('<v Speaker 1>please deploy [inaudible] the build');
  expect(cues[1]!.text).toBe('<v Speaker 2>to the Kubernetes cluster now');
  expect(Math.abs(cues[0]!.start - 0.5)).toBeLessThan(TOLERANCE_SEC);
  expect(Math.abs(cues[0]!.end - 2)).toBeLessThan(TOLERANCE_SEC);
  expect(Math.abs(cues[1]!.start - 3)).toBeLessThan(TOLERANCE_SEC);
  expect(Math.abs(cues[1]!.end - 5)).toBeLessThan(TOLERANCE_SEC);
  await owner.dispose();
});
