import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';
import { TranscribePage } from './fixtures/transcribe';

test('the ? sheet lists only the keys of the task kind: audio keys on an audio task, image tools on an image task', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'sheet');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  await new TranscribePage(page).open();
  await page.getByTestId('shortcuts').click();
  await expect(sheet).toContainText('Play / pause');
  await expect(sheet).toContainText('Merge with the next row');
  await expect(sheet).not.toContainText('Box: drag');
  await expect(sheet).not.toContainText('Polygon');
  await expect(sheet).not.toContainText('Brush');
  await sheet.getByRole('button', { name: 'Close' }).click();

  await page.goto('/');
  await app.startLabeling('image');
  await page.getByTestId('shortcuts').click();
  await expect(sheet).toContainText('Box: drag');
  await expect(sheet).not.toContainText('Play / pause');
});
