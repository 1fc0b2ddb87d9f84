import { expect, test } from '@playwright/test';
import { customerAuth, ownProject, signedIn } from './fixtures/projects';

test('a labeler sees a customer\'s instruction and what the task asks for, is told which box is too small, and submits once it fits', async ({ browser, request, baseURL }) => {
  const { projectId, people } = await ownProject(request, { roles: ['labeler'], tasks: 0, settings: { allowPrivateUrls: true } });
  const auth = await customerAuth(request, projectId, 'shapes spec');
  const created = await request.post('/v1/task/imageannotation', {
    headers: auth,
    data: {
      attachment: `${baseURL}/demo/images/street-01.jpg`,
      instruction: 'Only **parked** cars count.',
      geometries: { box: { objects_to_annotate: ['car'], min_width: 60, min_height: 40 }, polygon: { objects_to_annotate: ['pedestrian'], min_vertices: 4 } },
    },
  });
  expect(created.status()).toBe(200);
  const taskId = (await created.json()).task_id as string;

  const { app, context } = await signedIn(browser, people.labeler!, projectId, 'label');
  const page = app.page;
  // The customer's instruction for this task, rendered as Markdown, open above the tools.
  await expect(page.getByTestId('task-instruction')).toContainText('Only parked cars count.');
  await expect(page.getByTestId('task-instruction').locator('strong')).toHaveText('parked');
  await expect(page.getByTestId('task-shapes-box')).toHaveText('Boxes: Car · at least 60 × 40 px');
  await expect(page.getByTestId('task-shapes-polygon')).toHaveText('Polygons: Pedestrian · at least 4 vertices');
  await page.screenshot({ path: test.info().outputPath('task-shapes.png') });

  await page.getByTestId('class-car').click();
  await app.dragBox({ x: 100, y: 100 }, { x: 130, y: 160 });
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Car #1: 3\d(\.\d)? px wide; this task's boxes are at least 60 px wide$/ })).toBeVisible();
  await expect(page.getByTestId('object-row-1')).toHaveClass(/selected/); // the box in question, selected
  await page.screenshot({ path: test.info().outputPath('task-shapes-refused.png') });
  expect((await app.exportDocument()).objects).toHaveLength(1); // the work stays on the page

  await page.keyboard.press('Control+z');
  await app.dragBox({ x: 100, y: 100 }, { x: 200, y: 160 });
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  const task = await (await request.get(`/v1/task/${taskId}`, { headers: auth })).json();
  expect(task.status).toBe('completed');
  expect(task.response.annotations).toEqual([expect.objectContaining({ type: 'box', label: 'car' })]);
  expect(task.response.annotations[0].width).toBeGreaterThanOrEqual(60);
  await context.close();
});
