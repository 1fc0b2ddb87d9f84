import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { goldProject, referenceObject, type GoldProjectSpec } from './fixtures/gold';

/** The gold answer on every gold task: one car. Image pixels of street-05.jpg (751×563). */
const CAR = { x: 200, y: 200, w: 200, h: 120 };
const GOLD_TASKS = 5;

/** A project of the spec's own: five gold tasks whose reference is the car, two ordinary ones, gold served at 100%. */
const GOLD_PROJECT: GoldProjectSpec = {
  name: 'Gold training', kind: 'image', instructions: 'Box every car tightly.',
  classes: [{ id: 'car', name: 'Car', color: '#e6194b', hotkey: '1' }],
  settings: { goldRateStart: 1, goldRateFloor: 1 },
  learner: { prefix: 'gold', name: 'Gold learner' },
  taskData: { kind: 'image', imageUrl: '/demo/images/street-05.jpg', width: 751, height: 563 },
  goldTasks: GOLD_TASKS,
  ordinaryTasks: 2,
  goldObject: (i) => referenceObject(`gold-car-${i}`, 'car', { kind: 'box', ...CAR }),
};

test.describe('quality: gold, inline findings, pattern, course', () => {
  test('a labeler draws loose boxes on gold, sees the findings each time, takes the course and clears the pattern', async ({ page, browser, playwright, baseURL }) => {
    test.setTimeout(180_000);
    const { projectId, email } = await goldProject(playwright, baseURL, GOLD_PROJECT);

    const app = new AppPage(page);
    await app.signIn(email);
    await page.goto(`/projects/${projectId}/label`);
    const ready = () => app.waitUntilReady();

    for (let i = 0; i < GOLD_TASKS; i++) {
      await expect(page.getByTestId('task-id')).toBeVisible();
      await ready();
      await page.getByTestId('class-car').click();
      // Loose at the bottom: 20 px below the car, the other edges on it.
      await app.dragBox({ x: CAR.x, y: CAR.y }, { x: CAR.x + CAR.w, y: CAR.y + CAR.h + 20 });
      const [box] = (await app.exportDocument()).objects;
      expect(box!.geometry).toMatchObject({ kind: 'box' });
      await page.getByTestId('submit').click();

      const overlay = page.getByTestId('feedback-overlay');
      await expect(overlay).toBeVisible();
      await expect(overlay.getByTestId('reference-ghost')).toHaveCount(1);
      const pin = overlay.getByTestId('finding-pin');
      await expect(pin).toHaveCount(1);
      await expect(pin).toHaveAttribute('data-finding-type', 'loose_box');
      await expect(pin).toContainText(/bottom edge (19|20|21)(\.\d)? px outside the car/);
      await expect(overlay.getByTestId('edge-mark')).toHaveAttribute('data-edge', 'bottom');
      // The labeler's own box is still there underneath, and nothing tries to save it under the closed lease.
      expect((await app.exportDocument()).objects).toHaveLength(1);
      await expect(page.getByTestId('save-state')).not.toHaveText(/not saved|device only/);
      if (i === 0) await page.screenshot({ path: 'test-results/quality-feedback-overlay.png' });
      // Acknowledge with Enter (the button says so too).
      await page.keyboard.press('Enter');
      await expect(overlay).toBeHidden();
    }

    // Five loose boxes in a row: the pattern's prompt comes before the next task.
    const prompt = page.getByTestId('course-prompt');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('Your last 5 boxes were loose on the bottom edge — 3-minute course?');
    await expect(prompt.getByTestId('postpone-course')).toBeVisible();
    await prompt.getByTestId('take-course').click();

    await expect(page.getByTestId('course-title')).toHaveText('Tight boxes');
    await expect(page.getByTestId('lesson')).toContainText('The bottom edge is where most loose boxes go wrong');
    await expect(page.getByTestId('course-example').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/quality-course-page.png' });

    await page.getByTestId('start-practice').click();
    for (let i = 0; i < GOLD_TASKS; i++) {
      await expect(page.getByText(`Practice item ${i + 1} of ${GOLD_TASKS}`)).toBeVisible();
      await ready();
      await page.getByTestId('class-car').click();
      await app.dragBox({ x: CAR.x, y: CAR.y }, { x: CAR.x + CAR.w, y: CAR.y + CAR.h });
      await page.getByTestId('check-practice').click();
      const overlay = page.getByTestId('feedback-overlay');
      await expect(overlay).toContainText('All right — this matches the reference');
      await expect(overlay.getByTestId('finding-pin')).toHaveCount(0);
      await expect(page.getByTestId('feedback-footer')).toHaveText(`${i + 1} of ${GOLD_TASKS} answered, ${i + 1} right`);
      if (i === 0) await page.screenshot({ path: 'test-results/quality-practice-feedback.png' });
      await page.getByTestId('acknowledge-feedback').click();
    }
    const result = page.getByTestId('practice-result');
    await expect(result).toContainText('Passed — the pattern is cleared');
    await expect(result).toContainText('5 of 5 right');

    // The quality page shows the pattern cleared and the course passed.
    await page.goto(`/projects/${projectId}/quality`);
    await expect(page.getByTestId('no-patterns')).toBeVisible();
    await expect(page.getByTestId('courses-passed')).toContainText('loose_box (100%');
    await expect(page.getByTestId('accuracy')).toContainText('of 5 objects');

    // Back to labeling: no prompt now, the next (ordinary) task opens.
    await page.goto(`/projects/${projectId}/label`);
    await expect(page.getByTestId('task-id')).toBeVisible();
    await expect(page.getByTestId('course-prompt')).toHaveCount(0);

    // The owner sees the gold tasks on the task list and the labeler in the quality heatmap.
    const ownerContext = await browser.newContext();
    const owner = new AppPage(await ownerContext.newPage());
    await owner.signIn('owner@demo.test');
    await owner.page.goto(`/projects/${projectId}/tasks`);
    await expect(owner.page.locator('[data-testid^="gold-badge-"]')).toHaveCount(GOLD_TASKS);
    // The owner draws a gold answer for the waiting ordinary task in the labeling tools.
    await expect(owner.page.locator('[data-testid^="draw-gold-"]')).toHaveCount(1);
    await owner.page.locator('[data-testid^="draw-gold-"]').click();
    await owner.waitUntilReady();
    await owner.page.getByTestId('class-car').click();
    await owner.dragBox({ x: 100, y: 150 }, { x: 300, y: 260 });
    await owner.page.getByTestId('save-gold').click();
    await expect(owner.page.getByTestId('gold-saved')).toBeVisible();
    const goldList = (await (await owner.page.request.get(`/api/projects/${projectId}/gold`)).json()).gold as { document: { objects: { geometry: { x: number; w: number } }[] } }[];
    expect(goldList).toHaveLength(GOLD_TASKS + 1);
    expect(goldList[GOLD_TASKS]!.document.objects[0]!.geometry.x).toBeCloseTo(100, -0.5);
    expect(goldList[GOLD_TASKS]!.document.objects[0]!.geometry.w).toBeCloseTo(200, -0.5);
    await owner.page.goto(`/projects/${projectId}/tasks`);
    await expect(owner.page.locator('[data-testid^="gold-badge-"]')).toHaveCount(GOLD_TASKS + 1);
    await owner.page.goto(`/projects/${projectId}/quality`);
    const row = owner.page.getByTestId(`heat-row-${email}`);
    await expect(row).toContainText('0%');
    await expect(owner.page.getByTestId('quality-heatmap')).toContainText('loose_box');
    await owner.page.screenshot({ path: 'test-results/quality-owner-heatmap.png' });
    // The owner tunes the quality settings on the project's Quality tab.
    await owner.page.goto(`/projects/${projectId}/manage?tab=quality`);
    await expect(owner.page.getByTestId('quality-settings')).toContainText(`${GOLD_TASKS + 1} gold tasks`);
    await owner.page.getByTestId('quality-patternRateThreshold').fill('20');
    await owner.page.getByTestId('save-quality-settings').click();
    await expect(owner.page.getByTestId('quality-settings')).toContainText('Saved.');
    const saved = (await (await owner.page.request.get(`/api/projects/${projectId}`)).json()).project.settings;
    expect(saved).toMatchObject({ patternRateThreshold: 0.2, goldRateStart: 1, goldRateFloor: 1 });
    await ownerContext.close();
  });
});
