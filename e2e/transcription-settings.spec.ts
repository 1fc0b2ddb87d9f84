import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { OwnerPage } from './fixtures/owner';

test('an owner sets the speakers, tags, glossary and overlap of an audio project', async ({ page }) => {
  const app = new AppPage(page);
  await app.signIn('owner@demo.test');
  const owner = new OwnerPage(page);
  await owner.projectCard('Meeting snippets').getByTestId('manage-project').click();
  await owner.openTab('settings');
  const form = page.getByTestId('transcription-settings');
  await expect(form.getByTestId('settings-speakers')).toHaveValue('Speaker 1\nSpeaker 2');
  await form.getByTestId('settings-glossary').fill('Kubernetes\nstandup\ncyclists\nLabelbench');
  await form.getByTestId('settings-allow-overlap').check();
  await form.getByTestId('settings-pedal').fill('F8, F9, F10');
  await form.getByTestId('settings-tags').fill('inaudible\nNot A Tag');
  await form.getByTestId('save-transcription-settings').click();
  await expect(form.getByRole('alert')).toBeVisible(); // the bad tag id is refused, naming the field
  await form.getByTestId('settings-tags').fill('inaudible\ncrosstalk\nnoise\nlaughter\nmusic');
  await form.getByTestId('save-transcription-settings').click();
  await expect(form.getByRole('status')).toHaveText('Saved');
  await page.screenshot({ path: 'test-results/transcription-settings.png' });

  const projects = (await (await page.request.get('/api/projects')).json()).projects as { name: string; settings: Record<string, unknown> }[];
  expect(projects.find((p) => p.name === 'Meeting snippets')!.settings).toMatchObject({
    glossary: ['Kubernetes', 'standup', 'cyclists', 'Labelbench'], allowOverlap: true, tags: ['inaudible', 'crosstalk', 'noise', 'laughter', 'music'], speakers: ['Speaker 1', 'Speaker 2'],
    pedalKeys: { back: 'F8', playPause: 'F9', forward: 'F10' },
  });
});
