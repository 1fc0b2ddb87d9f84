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

  // Nor do those keys act there: P and B would switch the (hidden) image tool.
  const tool = () => page.evaluate(() => (window as unknown as { __labelbench: { tool: () => string } }).__labelbench.tool());
  const before = await tool();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await page.keyboard.press('b');
  expect(await tool()).toBe(before);
  expect(before).not.toBe('polygon');

  await page.goto('/');
  await app.startLabeling('image');
  await page.getByTestId('shortcuts').click();
  await expect(sheet).toContainText('Box: drag');
  await expect(sheet).not.toContainText('Play / pause');
  await sheet.getByRole('button', { name: 'Close' }).click();
  await page.keyboard.press('p');
  await expect.poll(tool).toBe('polygon');
});
