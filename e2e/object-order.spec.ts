import { expect, test, type Page } from '@playwright/test';
import { AppPage, DEMO_PASSWORD, asFreshLabeler, freshLabeler } from './fixtures/app';

const click = async (app: AppPage, page: Page, p: { x: number; y: number }) => {
  const q = await app.toPage(p);
  await page.mouse.click(q.x, q.y);
};

test('objects are drawn in list order: moving one up or down changes which one is on top, and undo puts it back', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'order');
  await app.startLabeling('image');
  const rows = page.getByTestId('object-list');
  await page.keyboard.press('1');
  await app.dragBox({ x: 100, y: 100 }, { x: 250, y: 250 });
  await page.keyboard.press('2');
  await app.dragBox({ x: 150, y: 150 }, { x: 300, y: 300 });
  await expect(rows.getByTestId('object-row-2')).toContainText('Pedestrian #2');
  const order = async () => (await app.exportDocument()).objects.map((o) => o.classId);

  // Where they overlap, a click picks the one drawn on top: the later one.
  await page.getByTestId('tool-select').click();
  await click(app, page, { x: 200, y: 200 });
  await expect(rows.locator('li.selected .grow')).toContainText('Pedestrian');

  await rows.getByTestId('object-row-2').getByRole('button', { name: 'Move up (drawn below)' }).click();
  await expect.poll(order).toEqual(['pedestrian', 'car']);
  await expect(rows.getByTestId('object-row-1')).toContainText('Pedestrian #1');
  await click(app, page, { x: 30, y: 30 }); // on empty image: nothing selected
  await expect(rows.locator('li.selected')).toHaveCount(0);
  await click(app, page, { x: 200, y: 200 });
  await expect(rows.locator('li.selected .grow')).toContainText('Car');

  // ] moves the selection later in the list (on top again); undo takes back one move at a time.
  await page.keyboard.press('[');
  await expect.poll(order).toEqual(['car', 'pedestrian']);
  await page.keyboard.press('Control+z');
  await expect.poll(order).toEqual(['pedestrian', 'car']);
  await page.keyboard.press('Control+z');
  await expect.poll(order).toEqual(['car', 'pedestrian']);
});

test('a polygon that crosses itself is flagged in the object list until a vertex drag untangles it', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'crossing');
  await app.startLabeling('image');
  await page.getByTestId('tool-polygon').click();
  await page.keyboard.press('2');
  for (const p of [{ x: 100, y: 100 }, { x: 200, y: 200 }, { x: 200, y: 100 }, { x: 100, y: 200 }]) await click(app, page, p);
  await page.keyboard.press('Enter');
  const rows = page.getByTestId('object-list');
  await expect(rows.getByTestId('object-row-1').getByTestId('flag-self-intersecting')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('crossing.png') });

  await page.getByTestId('tool-select').click();
  await click(app, page, { x: 185, y: 150 });
  await expect(rows.locator('li.selected')).toHaveCount(1);
  const from = await app.toPage({ x: 200, y: 200 });
  const to = await app.toPage({ x: 150, y: 90 });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
  await expect(rows.getByTestId('object-row-1').getByTestId('flag-self-intersecting')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(rows.getByTestId('object-row-1').getByTestId('flag-self-intersecting')).toBeVisible();
});

test('with more classes than digit keys, / finds a class by name and Enter picks it, also for the selection', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const email = await freshLabeler(api, 'classes');
  await api.post('/api/auth/login', { data: { email: 'owner@demo.test', password: DEMO_PASSWORD } });
  const names = ['Car', 'Truck', 'Bus', 'Van', 'Bicycle', 'Motorcycle', 'Pedestrian', 'Rider', 'Traffic light', 'Traffic sign', 'Pole', 'Bench'];
  const classes = names.map((name, i) => ({
    id: name.toLowerCase().replace(/ /g, '-'),
    name,
    color: `#${(0x304050 + i * 0x0b1d2f).toString(16).slice(-6)}`,
    ...(i < 9 ? { hotkey: String(i + 1) } : {}),
  }));
  const created = await api.post('/api/projects', { data: { name: `Many classes ${Date.now()}`, kind: 'image', ontology: { classes } } });
  expect(created.status()).toBe(201);
  const projectId = (await created.json()).project.id as string;
  expect((await api.post(`/api/projects/${projectId}/members`, { data: { email, role: 'labeler' } })).ok()).toBe(true);
  const task = await api.post(`/api/projects/${projectId}/tasks`, { data: { data: { kind: 'image', imageUrl: '/demo/images/street-05.jpg', width: 751, height: 563 } } });
  expect(task.status()).toBe(201);
  await api.dispose();

  const app = new AppPage(page);
  await app.signIn(email);
  await page.goto(`/projects/${projectId}/label`);
  await page.waitForFunction(() => (window as unknown as { __labelbench?: { ready(): boolean } }).__labelbench?.ready() === true);
  const picker = page.getByRole('region', { name: 'Classes' });
  await expect(picker.getByRole('button')).toHaveCount(12);

  await page.keyboard.press('/');
  await expect(page.getByTestId('class-search')).toBeFocused();
  await page.keyboard.type('ben');
  await expect(picker.getByRole('button')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-bench')).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.getByRole('button')).toHaveCount(12);
  await app.dragBox({ x: 100, y: 100 }, { x: 200, y: 200 });
  await expect.poll(async () => (await app.exportDocument()).objects.map((o) => o.classId)).toEqual(['bench']);

  // With the box selected, picking a class by search relabels it.
  await page.getByTestId('object-list').getByTestId('object-row-1').getByText('Bench #1').click();
  await page.keyboard.press('/');
  await page.keyboard.type('pole');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.exportDocument()).objects.map((o) => o.classId)).toEqual(['pole']);
  await page.screenshot({ path: test.info().outputPath('classes.png') });
});
