import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { OwnerPage } from './fixtures/owner';

test.describe('a project owner', () => {
  test('creates an image project, uploads an image, sees it queued, and makes an API key', async ({ page, browser }) => {
    const app = new AppPage(page);
    const owner = new OwnerPage(page);
    // Specs share one server: a name of its own keeps this project apart from the demo ones.
    const run = Date.now().toString(36);
    const name = `Potholes ${run}`;
    await app.signIn('owner@demo.test');

    // The form: name, kind, instructions, two classes, settings.
    await page.getByTestId('new-project').click();
    await expect(page).toHaveURL(/\/projects\/new$/);
    await page.getByTestId('project-name').fill(name);
    await page.getByTestId('kind-image').check();
    await page.getByTestId('project-instructions').fill('Box every pothole and every road sign.');
    await owner.fillClass(0, { name: 'Road sign', color: '#3366ff' });
    await owner.fillClass(1, { name: 'Pothole', color: '#ff3300' });
    await expect(page.getByTestId('class-row-0')).toContainText('road-sign');
    // Potholes matter more: move the class to the top.
    await page.getByTestId('class-up-1').click();
    await expect(page.getByTestId('class-name-0')).toHaveValue('Pothole');
    await expect(page.getByTestId('class-hotkey-0')).toHaveValue('2');
    await page.getByTestId('class-hotkey-0').selectOption('');
    await page.getByTestId('class-hotkey-1').selectOption('2');
    await page.getByTestId('class-hotkey-0').selectOption('1');
    // An empty third class is refused next to its field, before anything is sent.
    await page.getByTestId('add-class').click();
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('error-ontology.classes.2.name')).toBeVisible();
    await page.getByTestId('class-remove-2').click();
    await page.getByTestId('lease-ttl').fill('15');
    await page.getByTestId('review-passes-1').check();
    await expect(page.getByTestId('review-hint')).toContainText('reviewer');
    await page.getByTestId('create-project').click();

    // Created: the owner lands on its management page; the card on the projects page leads there too.
    await expect(page.getByTestId('manage-title')).toHaveText(name);
    await page.getByRole('link', { name: '← Projects' }).click();
    const card = owner.projectCard(name);
    await expect(card).toContainText('2 classes');
    await card.getByTestId('manage-project').click();
    await expect(page.getByTestId('manage-title')).toHaveText(name);
    await owner.expectQueueCounts({ pending: 0, leased: 0 });

    // Add data: one image, watched until it is a task.
    await owner.openTab('data');
    await page.getByTestId('upload-input').setInputFiles('public/demo/images/street-03.jpg');
    const upload = owner.uploadItem('street-03.jpg');
    await expect(upload).toHaveAttribute('data-state', 'done');
    await expect(upload.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(upload.getByTestId('upload-result')).toContainText('task');

    await owner.openTab('queue');
    await owner.expectQueueCounts({ pending: 1, leased: 0, completed: 0 });
    await expect(page.getByTestId('throughput-chart')).toBeVisible();

    // The task list has it, with its (still empty) webhook log.
    await owner.openTab('tasks');
    const row = page.locator('[data-testid^="task-row-"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('pending');
    await row.locator('[data-testid^="expand-task-"]').click();
    await expect(page.getByText('No webhooks yet')).toBeVisible();

    // Settings read back what the form sent.
    await owner.openTab('settings');
    await expect(page.getByTestId('lease-ttl')).toHaveValue('15');
    await expect(page.getByTestId('review-passes-1')).toBeChecked();
    await expect(page.getByTestId('class-name-0')).toHaveValue('Pothole');
    await page.getByTestId('max-attempts').fill('3');
    await page.getByTestId('save-settings').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();

    // An API key: shown in full once, then only its prefix.
    await owner.openTab('keys');
    await page.getByTestId('api-key-name').fill(`ingest ${run}`);
    await page.getByTestId('create-api-key').click();
    const keyValue = page.getByTestId('new-api-key-value');
    await expect(keyValue).toHaveText(/^lb_live_\S+$/);
    await expect(page.getByTestId('new-api-key')).toContainText('will not be shown again');
    const key = (await keyValue.textContent())!;
    await expect(page.getByTestId('curl-example')).toContainText(key);
    await expect(page.getByTestId('curl-example')).toContainText('/v1/task/imageannotation');
    // Listed by its prefix only (the list holds every key of this owner).
    const keyRow = page.getByTestId('api-key-row').filter({ hasText: key.slice(0, 12) });
    await expect(keyRow).toContainText(`ingest ${run}`);
    await expect(keyRow).toContainText('this project');
    // The key works against the customer API.
    const listed = await page.request.get('/v1/tasks?limit=1', { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
    expect(listed.status()).toBe(200);
    await page.reload();
    await expect(keyRow).toBeVisible();
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(key);

    // The project's webhook key: hidden until shown; rotating asks first and shows the new one.
    const webhookKey = page.getByTestId('webhook-key');
    await expect(page.getByTestId('webhook-key-value')).toHaveCount(0);
    await webhookKey.getByTestId('show-webhook-key').click();
    const firstKey = (await page.getByTestId('webhook-key-value').textContent())!;
    expect(firstKey.length).toBeGreaterThan(20);
    await webhookKey.getByTestId('rotate-webhook-key').click();
    await webhookKey.getByTestId('confirm-rotate-webhook-key').click();
    await expect(page.getByTestId('webhook-key-value')).toHaveText(/^whsec_\S{32}$/);
    await expect(page.getByTestId('webhook-key-value')).not.toHaveText(firstKey);
    await page.screenshot({ path: test.info().outputPath('webhook-key.png'), fullPage: true });

    // A labeler is not a member of the new project: it is not in their list, and nobody can take its task.
    const labelerContext = await browser.newContext();
    const labeler = new AppPage(await labelerContext.newPage());
    await labeler.signIn('labeler1@demo.test');
    await expect(labeler.page.getByTestId('project-image').first()).toBeVisible();
    await expect(new OwnerPage(labeler.page).projectCard(name)).toHaveCount(0);
    await labelerContext.close();

    await owner.openTab('queue');
    await owner.expectQueueCounts({ pending: 1, leased: 0, submitted: 0, completed: 0, error: 0 });
    await expect(page.getByTestId('no-leases')).toBeVisible();
    await page.screenshot({ path: 'test-results/owner-manage-queue.png', fullPage: true });
  });
});
