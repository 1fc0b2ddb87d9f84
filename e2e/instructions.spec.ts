import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { ownProject, signedIn } from './fixtures/projects';

const INSTRUCTIONS = '# Cars\nBox every car, parked or moving.\n\n## People\nBox pedestrians from head to feet.\n';

test('a labeler flags the instructions as unclear; the owner answers in the digest and publishes a new version', async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const { projectId, people } = await ownProject(api, { instructions: INSTRUCTIONS, roles: ['labeler'] });

  const lab = await signedIn(browser, people.labeler!, projectId, 'label');
  const page = lab.app.page;
  await page.getByTestId('toggle-instructions').click();
  await expect(page.getByTestId('instructions-text').getByRole('heading', { name: 'People' })).toBeVisible();
  await expect(page.getByTestId('toggle-instructions')).toContainText('v1');

  await page.getByTestId('flag-instructions').click();
  await page.getByTestId('flag-section').selectOption('People');
  // Typed key by key (fill sends no key events), so a shortcut firing would show.
  await page.getByTestId('flag-note').pressSequentially('Is a person on a billboard a pedestrian?');
  // Typing in the dialog must not trigger labeling shortcuts (p = polygon tool, b = box tool).
  await expect(page.getByTestId('tool-box')).toHaveClass(/active/);
  await page.getByTestId('confirm-flag').click();
  await expect(page.getByTestId('flag-sent')).toBeVisible();

  // The owner reads it under its section, answers, and publishes clearer instructions.
  const ownerContext = await browser.newContext();
  const ownerApp = new AppPage(await ownerContext.newPage());
  await ownerApp.signIn('owner@demo.test');
  const owner = ownerApp.page;
  await owner.goto(`/projects/${projectId}/manage?tab=instructions`);
  const section = owner.getByTestId('flag-section-People');
  await expect(section).toContainText('Is a person on a billboard a pedestrian?');
  await expect(section).toContainText('(1 open)');
  await section.getByTestId('flag-answer-input').fill('No: only people in the street count.');
  await section.getByTestId('flag-answer-send').click();
  await expect(section.getByTestId('flag-answer')).toContainText('only people in the street');
  await expect(section).toContainText('(0 open)');

  await owner.getByTestId('instructions-editor').fill(`${INSTRUCTIONS}People on billboards or posters are not pedestrians.\n`);
  await owner.getByLabel('What changed').fill('Billboards');
  await owner.getByTestId('publish-instructions').click();
  await expect(owner.getByText('Published version 2.')).toBeVisible();
  await owner.screenshot({ path: 'test-results/instructions-digest.png', fullPage: true });

  // The labeler sees the new version after a reload; their draft and lease survive it.
  await page.reload();
  await expect(page.getByTestId('toggle-instructions')).toContainText('v2');
  await page.getByTestId('toggle-instructions').click();
  await expect(page.getByTestId('instructions-text')).toContainText('billboards or posters are not pedestrians');

  await ownerContext.close();
  await lab.context.close();
  await api.dispose();
});
