import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';

test.describe('labeling a box', () => {
  test('a labeler draws a box with a class, submits, lands on the next task, and the owner sees it', async ({ page, browser }) => {
    const app = new AppPage(page);
    await app.signIn('labeler1@demo.test');
    await app.startLabeling('image');
    const firstTask = await app.taskId();

    await page.getByTestId('class-pedestrian').click();
    await app.dragBox({ x: 100, y: 120 }, { x: 260, y: 400 });

    const doc = await app.exportDocument();
    expect(doc.objects).toHaveLength(1);
    const [obj] = doc.objects;
    expect(obj!.classId).toBe('pedestrian');
    expect(obj!.geometry.kind).toBe('box');
    if (obj!.geometry.kind !== 'box') throw new Error('not a box');
    // Screen pixels map to image pixels at the fitted zoom: allow a couple of image pixels of rounding.
    expect(obj!.geometry.x).toBeCloseTo(100, -0.5);
    expect(obj!.geometry.y).toBeCloseTo(120, -0.5);
    expect(obj!.geometry.w).toBeCloseTo(160, -0.5);
    expect(obj!.geometry.h).toBeCloseTo(280, -0.5);
    await expect(page.getByTestId('object-list')).toContainText('Pedestrian #1');

    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('task-id')).not.toHaveText(firstTask);
    expect((await app.exportDocument()).objects).toHaveLength(0);

    // The owner sees the submitted box through the API.
    const ownerContext = await browser.newContext();
    const owner = new AppPage(await ownerContext.newPage());
    await owner.signIn('owner@demo.test');
    const projects = await owner.page.request.get('/api/projects');
    const imageProject = (await projects.json()).projects.find((p: { kind: string }) => p.kind === 'image');
    const tasks = (await (await owner.page.request.get(`/api/projects/${imageProject.id}/tasks`)).json()).tasks;
    const submitted = tasks.filter((t: { status: string }) => t.status === 'completed');
    const mine = submitted.find((t: { latestAnnotation: { document: { objects: { id: string }[] } } }) =>
      t.latestAnnotation.document.objects.some((o) => o.id === obj!.id),
    );
    expect(mine).toBeTruthy();
    expect(mine.latestAnnotation.document.objects[0]).toEqual(obj);
    await ownerContext.close();
  });
});
