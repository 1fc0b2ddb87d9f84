import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { goldProject, referenceObject, type GoldProjectSpec } from './fixtures/gold';
import { TranscribePage } from './fixtures/transcribe';

/** What clip-01.wav says (public/demo/LICENCES.md), and where the labeler's segment goes. */
const SAID = 'Please deploy the new build to the Kubernetes cluster before the standup meeting tomorrow.';
const MISHEARD = SAID.replace('Kubernetes', 'Kubernetis');
const SEGMENT = { startSec: 0.3, endSec: 5.2 };
const GOLD_TASKS = 5;

/**
 * A project of the spec's own: an audio project with "Kubernetes" in the glossary, five gold clips whose
 * reference transcript is the sentence above, two ordinary clips, and gold served at 100%.
 */
const GOLD_PROJECT: GoldProjectSpec = {
  name: 'Transcript training', kind: 'audio', instructions: 'Transcribe verbatim.',
  classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }],
  settings: { glossary: ['Kubernetes'], goldRateStart: 1, goldRateFloor: 1 },
  learner: { prefix: 'transcript', name: 'Transcript learner' },
  taskData: { kind: 'audio', audioUrl: '/demo/audio/clip-01.wav', durationSec: 5.53 },
  goldTasks: GOLD_TASKS,
  ordinaryTasks: 2,
  goldObject: (i) => referenceObject(`gold-seg-${i}`, 'speech', { kind: 'segment', ...SEGMENT }, { transcript: { speaker: null, text: SAID, tags: [] } }),
};

test.describe('quality: transcript gold, inline diff, pattern, course', () => {
  test('a labeler repeats a glossary mistake on gold clips, sees the diff each time, takes the course and clears the pattern', async ({ page, browser, playwright, baseURL }) => {
    test.setTimeout(240_000);
    const { projectId, email } = await goldProject(playwright, baseURL, GOLD_PROJECT);

    const app = new AppPage(page);
    const t = new TranscribePage(page);
    await app.signIn(email);
    await page.goto(`/projects/${projectId}/label`);

    for (let i = 0; i < GOLD_TASKS; i++) {
      await expect(page.getByTestId('task-id')).toBeVisible();
      await t.waitForWaveform();
      await t.dragSegment(SEGMENT.startSec, SEGMENT.endSec);
      await expect(t.rows()).toHaveCount(1);
      await t.row(1).getByTestId('segment-text').click();
      await page.keyboard.type(MISHEARD);
      await page.getByTestId('submit').click();

      const fb = page.getByTestId('transcript-feedback');
      await expect(fb).toBeVisible();
      await expect(page.getByTestId('transcript-feedback-title')).toHaveText('Gold check: 13 of 14 words right');
      // One difference: the typed word struck, the glossary's spelling inserted, marked as a glossary term.
      const change = fb.getByTestId('diff-change');
      await expect(change).toHaveCount(1);
      await expect(change).toHaveAttribute('data-term', 'Kubernetes');
      await expect(change.getByTestId('diff-del')).toHaveText('Kubernetis');
      await expect(change.getByTestId('diff-ins')).toHaveText('Kubernetes');
      await expect(change.getByTestId('diff-term')).toHaveText('glossary: Kubernetes');
      await expect(change).toHaveAttribute('title', 'the glossary term "Kubernetes" is written "kubernetis"');
      // The rest of the sentence is there as typed, unmarked.
      await expect(fb.getByTestId('diff-segment')).toContainText('Please deploy the new build to the');
      await expect(page.getByTestId('transcript')).toHaveCount(0);
      if (i === 0) {
        await page.screenshot({ path: 'test-results/quality-transcript-diff.png' });
        // The play button plays that stretch of the clip: around 2.2–2.8 s, padded, and stops at its end.
        await change.getByTestId('diff-play').click();
        await expect.poll(async () => (await t.audioState()).paused === false || (await t.audioState()).currentTime > 1.8, { timeout: 5000 }).toBe(true);
        const playing = await t.audioState();
        expect(playing.currentTime).toBeGreaterThan(1.7);
        expect(playing.currentTime).toBeLessThan(3.4);
        await expect.poll(async () => (await t.audioState()).paused, { timeout: 5000 }).toBe(true);
        expect((await t.audioState()).currentTime).toBeLessThan(3.4);
      }
      await page.keyboard.press('Enter');
      await expect(fb).toBeHidden();
    }

    // Five segments in a row with the term wrong: the prompt comes before the next task.
    const prompt = page.getByTestId('course-prompt');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('Your last 5 segments had a glossary term wrong — 3-minute course?');
    await expect(prompt).toContainText('5 of your last 5 segments');
    await prompt.getByTestId('take-course').click();

    await expect(page.getByTestId('course-title')).toHaveText('Glossary terms');
    await expect(page.getByTestId('lesson')).toContainText('write it exactly as the glossary spells it');
    // Illustrated with the labeler's own gold clips: the reference beside their mistake, as text.
    const example = page.getByTestId('course-example').first();
    await expect(example.getByTestId('diff-del')).toHaveText('Kubernetis');
    await expect(example.getByTestId('diff-ins')).toHaveText('Kubernetes');
    await page.screenshot({ path: 'test-results/quality-transcript-course.png' });

    await page.getByTestId('start-practice').click();
    for (let i = 0; i < GOLD_TASKS; i++) {
      await expect(page.getByText(`Practice item ${i + 1} of ${GOLD_TASKS}`)).toBeVisible();
      await t.waitForWaveform();
      await t.dragSegment(SEGMENT.startSec, SEGMENT.endSec);
      await t.row(1).getByTestId('segment-text').click();
      // This time the term from the glossary: its first letters, then Tab completes it.
      await page.keyboard.type('Please deploy the new build to the Kube');
      await page.keyboard.press('Tab');
      await page.keyboard.type(' cluster before the standup meeting tomorrow.');
      await expect(t.row(1).getByTestId('segment-text')).toHaveValue(SAID);
      await page.getByTestId('check-practice').click();
      const fb = page.getByTestId('transcript-feedback');
      await expect(page.getByTestId('transcript-feedback-title')).toHaveText('All right — this matches the reference');
      await expect(fb.getByTestId('diff-change')).toHaveCount(0);
      await expect(page.getByTestId('feedback-footer')).toHaveText(`${i + 1} of ${GOLD_TASKS} answered, ${i + 1} right`);
      if (i === 0) await page.screenshot({ path: 'test-results/quality-transcript-practice.png' });
      await page.getByTestId('acknowledge-feedback').click();
    }
    const result = page.getByTestId('practice-result');
    await expect(result).toContainText('Passed — the pattern is cleared');
    await expect(result).toContainText('5 of 5 right');

    await page.goto(`/projects/${projectId}/quality`);
    await expect(page.getByTestId('no-patterns')).toBeVisible();
    await expect(page.getByTestId('courses-passed')).toContainText('glossary_term (100%');
    await expect(page.getByTestId('accuracy')).toContainText('of 70 words');

    // Back to labeling: no prompt, the next (ordinary) clip opens.
    await page.goto(`/projects/${projectId}/label`);
    await expect(page.getByTestId('task-id')).toBeVisible();
    await expect(page.getByTestId('course-prompt')).toHaveCount(0);

    // The owner types a reference transcript for the waiting ordinary clip in the transcription tools.
    const ownerContext = await browser.newContext();
    const ownerPage = await ownerContext.newPage();
    await new AppPage(ownerPage).signIn('owner@demo.test');
    await ownerPage.goto(`/projects/${projectId}/tasks`);
    await expect(ownerPage.locator('[data-testid^="gold-badge-"]')).toHaveCount(GOLD_TASKS);
    await expect(ownerPage.locator('[data-testid^="draw-gold-"]')).toHaveCount(1);
    await ownerPage.locator('[data-testid^="draw-gold-"]').click();
    const ot = new TranscribePage(ownerPage);
    await ot.waitForWaveform();
    await ot.dragSegment(0.4, 5.1);
    await ot.row(1).getByTestId('segment-text').click();
    await ownerPage.keyboard.type(SAID);
    await ownerPage.getByTestId('save-gold').click();
    await expect(ownerPage.getByTestId('gold-saved')).toBeVisible();
    const goldList = (await (await ownerPage.request.get(`/api/projects/${projectId}/gold`)).json()).gold as { document: { objects: { geometry: { startSec: number }; transcript: { text: string } }[] } }[];
    expect(goldList).toHaveLength(GOLD_TASKS + 1);
    expect(goldList[GOLD_TASKS]!.document.objects[0]!.transcript.text).toBe(SAID);
    expect(goldList[GOLD_TASKS]!.document.objects[0]!.geometry.startSec).toBeCloseTo(0.4, 1);
    await ownerContext.close();
  });
});
