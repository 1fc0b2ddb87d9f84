import { expect, test } from '@playwright/test';
import { ownProject, signedIn } from './fixtures/projects';

test('a reviewer fixes a loose box and a wrong class and accepts; another task goes back with a pinned comment and returns', async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { projectId, people } = await ownProject(api, { settings: { reviewPasses: 1 }, roles: ['labeler', 'reviewer'] });
  const { labeler, reviewer } = people as { labeler: string; reviewer: string };

  // The labeler draws a car box too wide on the right, and calls a cyclist a pedestrian.
  const lab = await signedIn(browser, labeler, projectId, 'label');
  const firstTask = await lab.app.taskId();
  await lab.app.page.keyboard.press('1');
  await lab.app.dragBox({ x: 100, y: 100 }, { x: 260, y: 200 });
  await lab.app.page.keyboard.press('2');
  await lab.app.dragBox({ x: 400, y: 250 }, { x: 460, y: 400 });
  expect((await lab.app.exportDocument()).objects).toHaveLength(2);
  await lab.app.page.keyboard.press('Control+Enter');
  await expect(lab.app.page.getByTestId('task-id')).not.toHaveText(firstTask);

  // The reviewer opens it in the same tools, with the labeler named.
  const rev = await signedIn(browser, reviewer, projectId, 'review');
  const page = rev.app.page;
  await expect(page.getByTestId('review-pass')).toContainText('Pass 1 of 1');
  await expect(page.getByTestId('diff-empty')).toBeVisible();
  const [carBox, personBox] = (await rev.app.exportDocument()).objects;

  // Fix the right edge: select the car, drag its bottom-right handle 40 px left.
  await page.getByTestId('tool-select').click();
  const inside = await rev.app.toPage({ x: 150, y: 150 });
  await page.mouse.click(inside.x, inside.y);
  const from = await rev.app.toPage({ x: 260, y: 200 });
  const to = await rev.app.toPage({ x: 220, y: 200 });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
  // Relabel the second box a cyclist with its hotkey.
  const person = await rev.app.toPage({ x: 430, y: 320 });
  await page.mouse.click(person.x, person.y);
  await page.keyboard.press('3');
  await expect(page.getByTestId('diff-list')).toContainText('class Pedestrian → Cyclist');
  await expect(page.getByTestId('diff-list')).toContainText(/box resized .* \(right −\d+/);
  await expect(page.getByTestId('ghost-layer').locator('rect')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/review-fix.png' });
  // Side by side: the labeler's version whole beside the canvas; the fix itself stays as it is.
  await page.getByTestId('compare-side').check();
  await expect(page.getByTestId('before-pane').getByTestId('before-shape')).toHaveCount(2);
  await expect(page.getByTestId('ghost-layer')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/review-side-by-side.png' });
  await page.getByTestId('compare-ghost').check();

  await page.keyboard.press('a');
  // The labeler's second task is not submitted yet, so nothing else waits for review.
  await expect(page.getByTestId('last-outcome')).toContainText('fixed');

  // The fix is the task's annotation now, and its diff and findings are on the task's history.
  const tasks = (await (await api.get(`/api/projects/${projectId}/tasks`)).json()).tasks as { id: string; status: string; latestAnnotation: { document: { objects: { id: string; classId: string; geometry: { w: number } }[] } } | null }[];
  const fixedTask = tasks.find((t) => t.latestAnnotation?.document.objects.some((o) => o.id === carBox!.id))!;
  expect(fixedTask.status).toBe('completed');
  const fixed = fixedTask.latestAnnotation!.document.objects;
  expect(fixed.find((o) => o.id === personBox!.id)!.classId).toBe('cyclist');
  expect(Math.abs(fixed.find((o) => o.id === carBox!.id)!.geometry.w - 120)).toBeLessThan(4);
  const h = await (await api.get(`/api/tasks/${fixedTask.id}/history`)).json();
  expect(h.reviews[0].outcome).toBe('fixed');
  expect(h.reviews[0].findings.map((f: { type: string }) => f.type).sort()).toEqual(['loose_box', 'wrong_class']);

  // The labeler, opening the app again, has the reviewer's two findings waiting, shown on their own work.
  await lab.app.page.reload();
  await expect(lab.app.page.getByTestId('feedback-inbox-link')).toContainText('2');
  await lab.app.page.getByTestId('feedback-inbox-link').click();
  await expect(lab.app.page.getByTestId('finding-pin')).toHaveCount(2);
  await expect(lab.app.page.locator('[data-finding-type="loose_box"]')).toContainText('right edge');
  await expect(lab.app.page.locator('[data-finding-type="wrong_class"]')).toBeVisible();
  await expect(lab.app.page.getByTestId('reference-ghost')).toHaveCount(2);
  await lab.app.page.screenshot({ path: 'test-results/review-inbox.png' });
  await lab.app.page.getByTestId('acknowledge-feedback').click();
  await expect(lab.app.page.getByTestId('inbox-empty')).toBeVisible();
  await lab.app.page.getByRole('link', { name: 'Back to labeling' }).click();
  await expect(lab.app.page.getByTestId('task-id')).toBeVisible();
  await lab.app.page.waitForFunction(() => (window as unknown as { __labelbench?: { ready(): boolean } }).__labelbench?.ready() === true);
  await expect(lab.app.page.getByTestId('feedback-inbox-link')).toHaveCount(0);

  // Second task: the labeler boxes a car; the reviewer sends it back with a comment pinned to that box.
  const secondTask = await lab.app.taskId();
  await lab.app.page.keyboard.press('1');
  await lab.app.dragBox({ x: 300, y: 300 }, { x: 380, y: 360 });
  await lab.app.page.keyboard.press('Control+Enter');
  await expect(lab.app.page.getByTestId('queue-empty')).toBeVisible();

  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByTestId('task-id')).toHaveText(secondTask);
  await page.getByTestId('tool-select').click();
  const car2 = await rev.app.toPage({ x: 340, y: 330 });
  await page.mouse.click(car2.x, car2.y);
  await page.keyboard.press('r');
  await expect(page.getByText('Pinned to Car #1')).toBeVisible();
  await page.getByTestId('reject-comment-0').fill('This is a pedestrian pushing a bike: relabel it');
  await page.getByTestId('confirm-reject').click();
  await expect(page.getByTestId('review-empty')).toBeVisible();
  await expect(page.getByTestId('last-outcome')).toContainText('rejected');

  // The labeler gets it back, with the comment pinned on the canvas beside their box.
  await lab.app.page.getByRole('button', { name: 'Check again' }).click();
  await expect(lab.app.page.getByTestId('task-id')).toHaveText(secondTask);
  await expect(lab.app.page.getByTestId('rework-banner')).toContainText('This is a pedestrian pushing a bike');
  const pin = lab.app.page.getByTestId('canvas-pin');
  await expect(pin).toContainText('relabel it');
  const pinBox = (await pin.boundingBox())!;
  const corner = await lab.app.toPage({ x: 300, y: 300 });
  expect(Math.abs(pinBox.x - corner.x)).toBeLessThan(12);
  expect(pinBox.y + pinBox.height).toBeLessThan(corner.y + 2);
  expect((await lab.app.exportDocument()).objects).toHaveLength(1);
  await lab.app.page.screenshot({ path: 'test-results/review-rework.png' });
  await lab.app.page.getByTestId('tool-select').click();
  const own = await lab.app.toPage({ x: 340, y: 330 });
  await lab.app.page.mouse.click(own.x, own.y);
  await lab.app.page.keyboard.press('2');
  await lab.app.page.keyboard.press('Control+Enter');
  await expect(lab.app.page.getByTestId('queue-empty')).toBeVisible();

  // It comes back to the same reviewer, who accepts it; the loop is on the task's history.
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByTestId('task-id')).toHaveText(secondTask);
  await expect(page.getByTestId('task-history')).toContainText('rejected in review pass 1: This is a pedestrian pushing a bike');
  await page.getByTestId('accept').click();
  await expect(page.getByTestId('last-outcome')).toContainText('accepted');

  await lab.context.close();
  await rev.context.close();
  await api.dispose();
});
