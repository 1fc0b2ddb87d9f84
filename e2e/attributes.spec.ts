import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('submit waits for a required attribute, pointing at the object, then carries the attributes', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'attrs');
  await app.startLabeling('image');
  const task = await app.taskId();
  await page.keyboard.press('4');
  await app.dragBox({ x: 40, y: 40 }, { x: 100, y: 100 });

  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Object #1: Sign type is required' })).toBeVisible();
  await expect(page.getByTestId('task-id')).toHaveText(task);
  const panel = page.getByTestId('attributes-panel');
  await panel.getByLabel('Sign type *').selectOption('no parking');
  await panel.getByLabel('Occluded').check();
  const id = (await app.exportDocument()).objects[0]!.id;
  expect((await app.exportDocument()).objects[0]!.attributes).toEqual({ 'sign-type': 'no parking', occluded: true });

  await page.getByTestId('submit').click();
  await expect(page.getByTestId('task-id')).not.toHaveText(task);
  const owner = await playwright.request.newContext({ baseURL });
  await owner.post('/api/auth/login', { data: { email: 'owner@demo.test', password: 'labelbench' } });
  const projects = (await (await owner.get('/api/projects')).json()).projects;
  const streets = projects.find((p: { name: string }) => p.name === 'Street scenes');
  const tasks = (await (await owner.get(`/api/projects/${streets.id}/tasks?limit=500`)).json()).tasks;
  const mine = tasks.find((t: { latestAnnotation: { document: { objects: { id: string }[] } } | null }) => t.latestAnnotation?.document.objects.some((o) => o.id === id));
  expect(mine.latestAnnotation.document.objects[0].attributes).toEqual({ 'sign-type': 'no parking', occluded: true });
  await owner.dispose();
});
