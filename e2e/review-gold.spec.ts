import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { ownProject, signedIn } from './fixtures/projects';

const box = (id: string, classId: string, x: number, y: number, w: number, h: number) => ({ id, classId, geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1 });

test('a reviewer who accepts a check with a planted loose box is shown missing it on the owner\'s quality page', async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { projectId, people } = await ownProject(api, { settings: { reviewPasses: 1 }, roles: ['labeler', 'reviewer'], tasks: 1 });
  const taskId = ((await (await api.get(`/api/projects/${projectId}/tasks`)).json()).tasks as { id: string }[])[0]!.id;
  expect((await api.post(`/api/tasks/${taskId}/gold`, { data: { document: { objects: [box('a', 'car', 100, 100, 100, 80)] } } })).ok()).toBe(true);
  const plant = await api.post(`/api/tasks/${taskId}/review-gold`, { data: { planted: { objects: [box('a', 'car', 100, 100, 150, 80)] } } });
  expect(await plant.json()).toMatchObject({ reviewers: 1, plantedErrors: 1 });

  // To the reviewer it is a review like any other: the work, a labeler's name, accept.
  const rev = await signedIn(browser, people.reviewer!, projectId, 'review');
  await expect(rev.app.page.getByTestId('review-pass')).toContainText(/Pass 1 of 1 · work by labeler/);
  expect((await rev.app.exportDocument()).objects).toHaveLength(1);
  await rev.app.page.keyboard.press('a');
  await expect(rev.app.page.getByTestId('review-empty')).toBeVisible();

  const ownerContext = await browser.newContext();
  const owner = new AppPage(await ownerContext.newPage());
  await owner.signIn('owner@demo.test');
  await owner.page.goto(`/projects/${projectId}/quality`);
  const table = owner.page.getByTestId('reviewer-quality');
  await expect(table).toContainText('0 of 1 (0 %)');
  await owner.page.screenshot({ path: 'test-results/reviewer-quality.png', fullPage: true });
  await ownerContext.close();
  await rev.context.close();
  await api.dispose();
});
