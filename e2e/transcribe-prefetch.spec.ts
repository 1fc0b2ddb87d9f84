import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { asFreshLabeler, DEMO_PASSWORD } from './fixtures/app';
import { TranscribePage } from './fixtures/transcribe';

test('while a clip is transcribed the next task\'s waveform peaks are fetched, and after submit it draws from them', async ({ page, playwright, baseURL }) => {
  // Two more clips in the queue, uploaded like an owner would, so this spec never runs it dry.
  const owner = await playwright.request.newContext({ baseURL });
  expect((await owner.post('/api/auth/login', { data: { email: 'owner@demo.test', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const meetings = ((await (await owner.get('/api/projects')).json()).projects as { id: string; name: string }[]).find((p) => p.name === 'Meeting snippets')!;
  const clip = await readFile('public/demo/audio/clip-02.wav');
  for (const name of ['prefetch-a.wav', 'prefetch-b.wav']) {
    expect((await owner.post(`/api/projects/${meetings.id}/uploads?filename=${name}`, { data: clip, headers: { 'content-type': 'audio/wav' } })).status()).toBe(201);
  }
  await owner.dispose();

  // Every peaks level the page asks for, by media id.
  const levels: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/media\/([0-9a-f-]{36})\/peaks\?res=/.exec(r.url());
    if (m) levels.push(m[1]!);
  });
  await asFreshLabeler(page, playwright, baseURL, 'prefetch-transcriber');
  const t = new TranscribePage(page);
  await t.open();
  await expect(page.getByTestId('task-id')).toHaveText(/^Task [0-9a-f]{8}$/);
  const first = (await page.getByTestId('task-id').textContent())!;
  // The current clip's peaks, then those of the clip the next claim will probably get.
  await expect.poll(() => new Set(levels).size).toBe(2);
  const [current, next] = [...new Set(levels)];

  await t.dragSegment(0.3, 1.2);
  await t.row(1).getByTestId('segment-text').click();
  await page.keyboard.type('hello');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('task-id')).not.toHaveText(first);
  await t.waitForWaveform();
  // The next clip drew from the peaks fetched ahead: its level was asked for once, before submit.
  expect(levels.filter((id) => id === next)).toHaveLength(1);
  expect(current).not.toBe(next);
});
