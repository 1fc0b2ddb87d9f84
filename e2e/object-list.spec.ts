import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler relabels, hides, locks and deletes objects from the list, and undoes', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await app.dragBox({ x: 20, y: 20 }, { x: 120, y: 100 });
  await app.dragBox({ x: 200, y: 150 }, { x: 260, y: 300 });
  const rows = page.getByTestId('object-list');
  await expect(rows.getByTestId('object-row-2')).toContainText('Car #2');

  // Select the second box in the list, press 2: it becomes a pedestrian (one undoable step).
  await rows.getByTestId('object-row-2').getByText('Car #2').click();
  await page.keyboard.press('2');
  await expect(rows.getByTestId('object-row-2')).toContainText('Pedestrian #2');
  expect((await app.exportDocument()).objects.map((o) => o.classId)).toEqual(['car', 'pedestrian']);
  await page.keyboard.press('Control+z');
  expect((await app.exportDocument()).objects.map((o) => o.classId)).toEqual(['car', 'car']);

  // The class menu relabels too; a locked object refuses deletion.
  await rows.getByTestId('object-row-1').getByLabel('Class').selectOption('traffic-sign');
  await rows.getByTestId('object-row-1').getByRole('button', { name: 'Lock object' }).click();
  await expect(rows.getByTestId('object-row-1').getByRole('button', { name: 'Delete object' })).toBeDisabled();
  await rows.getByTestId('object-row-1').getByRole('button', { name: 'Hide object' }).click();
  await expect(rows.getByTestId('object-row-1')).toHaveClass(/is-hidden/);
  await rows.getByTestId('object-row-2').getByRole('button', { name: 'Delete object' }).click();
  const doc = await app.exportDocument();
  expect(doc.objects.map((o) => o.classId)).toEqual(['traffic-sign']);
});
