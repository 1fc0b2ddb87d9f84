import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { customerAuth, ownProject, signedIn } from './fixtures/projects';

test('a labeler answers a categorization task from the customer API with the keyboard, and the customer reads the choices', async ({ browser, request, baseURL }) => {
  const { projectId, people } = await ownProject(request, { roles: ['labeler'], tasks: 0, settings: { allowPrivateUrls: true } });
  const auth = await customerAuth(request, projectId, 'categorize spec');
  const created = await request.post('/v1/task/categorization', {
    headers: auth,
    data: {
      attachment: `${baseURL}/demo/images/street-01.jpg`,
      instruction: 'Answer both questions about the photo.',
      taxonomies: {
        weather: { type: 'category', choices: ['sunny', 'overcast', 'rain'], description: 'The sky as it looks' },
        seen: { type: 'category', choices: ['car', 'bus', 'bicycle', 'pedestrian'], allow_multiple: true },
      },
    },
  });
  expect(created.status()).toBe(200);
  const taskId = (await created.json()).task_id as string;

  const { app, context } = await signedIn(browser, people.labeler!, projectId, 'label');
  const page = app.page;
  const panel = page.getByTestId('categorize-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('object-list')).toHaveCount(0); // no drawing on a categorization
  await expect(page.getByTestId('taxonomy-weather')).toContainText('The sky as it looks');

  // 2 answers the first question and moves on; 1 and 3 tick two things seen.
  await page.keyboard.press('2');
  await expect(page.getByTestId('taxonomy-weather').getByLabel('overcast')).toBeChecked();
  await page.keyboard.press('1');
  await page.keyboard.press('3');
  const seen = page.getByTestId('taxonomy-seen');
  await expect(seen.getByLabel('car')).toBeChecked();
  await expect(seen.getByLabel('bicycle')).toBeChecked();
  // Undo and redo like any edit.
  await page.keyboard.press('Control+z');
  await expect(seen.getByLabel('bicycle')).not.toBeChecked();
  await page.keyboard.press('Control+Shift+z');
  await expect(seen.getByLabel('bicycle')).toBeChecked();
  // Changing the weather with the mouse; the draft survives a reload.
  await page.getByTestId('taxonomy-weather').getByLabel('rain').click();
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  await page.screenshot({ path: test.info().outputPath('categorize.png') });
  await page.reload();
  await expect(page.getByTestId('taxonomy-weather').getByLabel('rain')).toBeChecked();
  await expect(page.getByTestId('taxonomy-seen').getByLabel('car')).toBeChecked();

  // Clearing a question blocks the submit, naming it.
  await page.getByTestId('taxonomy-seen').getByLabel('car').click();
  await page.getByTestId('taxonomy-seen').getByLabel('bicycle').click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'seen: choose at least one of car, bus, bicycle, pedestrian' })).toBeVisible();
  await expect(page.getByTestId('taxonomy-seen')).toHaveClass(/unanswered/);
  await page.getByTestId('taxonomy-seen').getByLabel('bus').click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  const task = await (await request.get(`/v1/task/${taskId}`, { headers: auth })).json();
  expect(task.status).toBe('completed');
  expect(task.response).toEqual({ taxonomies: { weather: ['rain'], seen: ['bus'] } });
  await context.close();

  // The owner's task list shows the answers.
  const ownerContext = await browser.newContext();
  const owner = new AppPage(await ownerContext.newPage());
  await owner.signIn('owner@demo.test');
  await owner.page.goto(`/projects/${projectId}/manage?tab=tasks`);
  await expect(owner.page.getByTestId(`task-row-${taskId}`)).toContainText('weather: rain · seen: bus');
  await ownerContext.close();
});

test('a reviewer changes a categorization answer and accepts; the fix is what the customer gets', async ({ browser, request, baseURL }) => {
  const { projectId, people } = await ownProject(request, { roles: ['labeler', 'reviewer'], tasks: 0, settings: { allowPrivateUrls: true, reviewPasses: 1 } });
  const auth = await customerAuth(request, projectId, 'categorize review spec');
  const created = await request.post('/v1/task/categorization', { headers: auth, data: { attachment: `${baseURL}/demo/images/street-02.jpg`, categories: ['indoor', 'outdoor'] } });
  const taskId = (await created.json()).task_id as string;

  const lab = await signedIn(browser, people.labeler!, projectId, 'label');
  await lab.app.page.keyboard.press('1');
  await expect(lab.app.page.getByTestId('taxonomy-category').getByLabel('indoor')).toBeChecked();
  await lab.app.page.keyboard.press('Control+Enter');
  await expect(lab.app.page.getByTestId('queue-empty')).toBeVisible();

  const rev = await signedIn(browser, people.reviewer!, projectId, 'review');
  const page = rev.app.page;
  await expect(page.getByTestId('taxonomy-category').getByLabel('indoor')).toBeChecked();
  await expect(page.getByTestId('changed-category')).toHaveCount(0);
  await page.keyboard.press('2');
  await expect(page.getByTestId('changed-category')).toHaveText('Labeler chose: indoor');
  await page.screenshot({ path: test.info().outputPath('categorize-review.png') });
  await page.keyboard.press('a');
  await expect(page.getByTestId('last-outcome')).toContainText('fixed');

  const task = await (await request.get(`/v1/task/${taskId}`, { headers: auth })).json();
  expect(task.status).toBe('completed');
  expect(task.response).toEqual({ taxonomies: { category: ['outdoor'] }, category: 'outdoor', categories: ['outdoor'] });
  await lab.context.close();
  await rev.context.close();
});
