import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, freshLabeler, AppPage } from './fixtures/app';

type Hooks = { shownImage(): { url: string | null; prefetched: boolean } };
const shownImage = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __labelbench: Hooks }).__labelbench.shownImage());

test('while a task is labeled the next one\'s image is fetched, so after submit the next task shows the prefetched image', async ({ page, playwright, baseURL }) => {
  // Two tasks first in line, with image URLs no other task uses, so the browser cannot have them cached.
  const api = await playwright.request.newContext({ baseURL });
  const email = await freshLabeler(api, 'prefetch');
  await api.post('/api/auth/login', { data: { email: 'owner@demo.test', password: DEMO_PASSWORD } });
  const streets = ((await (await api.get('/api/projects')).json()).projects as { id: string; name: string }[]).find((p) => p.name === 'Street scenes')!;
  const tag = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const ids: string[] = [];
  for (const [n, priority] of [['05', 1000], ['06', 999]] as const) {
    const res = await api.post(`/api/projects/${streets.id}/tasks`, {
      data: { priority, data: { kind: 'image', imageUrl: `/demo/images/street-${n}.jpg?prefetch=${tag}`, width: n === '05' ? 751 : 600, height: n === '05' ? 563 : 482 } },
    });
    expect(res.status()).toBe(201);
    ids.push((await res.json()).task.id);
  }
  await api.dispose();

  const app = new AppPage(page);
  await app.signIn(email);
  await app.startLabeling('image');
  await expect(page.getByTestId('task-id')).toHaveText(`Task ${ids[0]!.slice(0, 8)}`);
  const secondUrl = `/demo/images/street-06.jpg?prefetch=${tag}`;
  // The page asks which task comes next and fetches its image while this one is open.
  await expect.poll(() => page.evaluate((u) => performance.getEntriesByType('resource').some((r) => r.name.endsWith(u)), secondUrl)).toBe(true);
  expect((await shownImage(page)).prefetched).toBe(false);

  await page.keyboard.press('1');
  await app.dragBox({ x: 100, y: 100 }, { x: 200, y: 180 });
  const submittedAt = await page.evaluate(() => performance.now());
  // Times, in the page, from the click to the first frame showing the next task with its image.
  const onScreen = page.evaluate((u) => new Promise<number>((resolve) => {
    const button = document.querySelector('[data-testid="submit"]')!;
    button.addEventListener('click', () => {
      const clicked = performance.now();
      const tick = () => {
        const hook = (window as unknown as { __labelbench: Hooks }).__labelbench;
        if (hook.shownImage().url === u) resolve(performance.now() - clicked);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, { once: true, capture: true });
  }), secondUrl);
  // The next task comes along in the submit's answer: no claim request of its own.
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') requests.push(new URL(r.url()).pathname);
  });
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('task-id')).toHaveText(`Task ${ids[1]!.slice(0, 8)}`);
  expect(requests).toEqual([`/api/tasks/${ids[0]}/submit`]);
  await expect.poll(async () => (await shownImage(page)).url).toBe(secondUrl);
  expect((await shownImage(page)).prefetched).toBe(true);
  // Fetched once, and before the submit: the canvas drew the prefetched copy.
  const fetches = await page.evaluate((u) => performance.getEntriesByType('resource').filter((r) => r.name.endsWith(u)).map((r) => r.startTime), secondUrl);
  expect(fetches).toHaveLength(1);
  expect(fetches[0]!).toBeLessThan(submittedAt);
  expect((await app.exportDocument()).objects).toHaveLength(0);
  const ms = Math.round(await onScreen);
  test.info().annotations.push({ type: 'submit → next task on screen', description: `${ms} ms` });
  console.log(`submit → next task on screen: ${ms} ms`);
});
