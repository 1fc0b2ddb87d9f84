import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler skips a task with a reason and is not offered it again', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  const skipped = await app.taskId();

  await page.getByTestId('skip').click();
  const dialog = page.getByRole('dialog', { name: 'Skip this task' });
  await dialog.getByLabel('Another reason:').check();
  await expect(dialog.getByTestId('confirm-skip')).toBeDisabled();
  await dialog.getByLabel('Reason', { exact: true }).fill('Mostly sky, no street');
  await dialog.getByTestId('confirm-skip').click();

  await expect(page.getByTestId('task-id')).not.toHaveText(skipped);
  await page.reload();
  await expect(page.getByTestId('task-id')).toBeVisible();
  await expect(page.getByTestId('task-id')).not.toHaveText(skipped);
});
