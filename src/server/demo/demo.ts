import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Ontology } from '../../shared/project.schema';
import { createUser } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { addProjectMember, createProject } from '../services/projects.service';
import { createTask } from '../services/tasks.service';
import { ingestBytes } from '../media/ingest';

/** One password for every demo account: it is a demo. */
export const DEMO_PASSWORD = 'labelbench';

export const DEMO_ACCOUNTS = [
  { key: 'owner', email: 'owner@demo.test', name: 'Olivia Owner' },
  { key: 'labeler1', email: 'labeler1@demo.test', name: 'Lars Labeler' },
  { key: 'labeler2', email: 'labeler2@demo.test', name: 'Lena Labeler' },
  { key: 'reviewer', email: 'reviewer@demo.test', name: 'Ravi Reviewer' },
] as const;

const ManifestSchema = z.object({
  images: z.array(z.object({ file: z.string(), width: z.number().int(), height: z.number().int() })),
  audio: z.array(z.object({ file: z.string(), durationSec: z.number() })),
});

const visibility = [
  { id: 'occluded', name: 'Occluded', type: 'checkbox' as const },
  { id: 'truncated', name: 'Truncated', type: 'checkbox' as const },
];
const streetOntology: Ontology = {
  classes: [
    { id: 'car', name: 'Car', color: '#e6194b', hotkey: '1', attributes: visibility },
    { id: 'pedestrian', name: 'Pedestrian', color: '#3cb44b', hotkey: '2', attributes: visibility },
    { id: 'cyclist', name: 'Cyclist', color: '#4363d8', hotkey: '3', attributes: visibility },
    {
      id: 'traffic-sign',
      name: 'Traffic sign',
      color: '#f58231',
      hotkey: '4',
      attributes: [
        { id: 'sign-type', name: 'Sign type', type: 'select', options: ['stop', 'yield', 'no parking', 'direction', 'speed limit', 'other'], required: true },
        ...visibility,
      ],
    },
  ],
};

export type DemoInfo = {
  password: string;
  accounts: { key: string; email: string; name: string; id: string }[];
  projects: { image: string; audio: string };
};

/** True when the database has no accounts yet (a fresh data folder). */
export async function isEmpty(ctx: ServiceContext): Promise<boolean> {
  return !(await ctx.db.db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/**
 * Creates the demo workspace: an owner, two labelers, a reviewer, an image project with the street
 * photos in public/demo and an audio project with the speech clips. Writes `<dataDir>/demo.json`.
 */
export async function seedDemo(ctx: ServiceContext, opts: { publicDir: string; dataDir: string }): Promise<DemoInfo> {
  const manifest = ManifestSchema.parse(JSON.parse(await readFile(path.join(opts.publicDir, 'demo', 'manifest.json'), 'utf8')));
  const accounts = [];
  for (const a of DEMO_ACCOUNTS) accounts.push({ ...a, id: (await createUser(ctx, { ...a, password: DEMO_PASSWORD })).id });
  const owner = accounts[0]!;
  const image = await createProject(ctx, owner.id, {
    name: 'Street scenes',
    kind: 'image',
    instructions: 'Draw a tight box around every car, pedestrian, cyclist and traffic sign that is at least 10 px tall.',
    ontology: streetOntology,
    settings: {},
  });
  const audio = await createProject(ctx, owner.id, {
    name: 'Meeting snippets',
    kind: 'audio',
    instructions: 'Transcribe every word as spoken. Mark unclear words as [inaudible].',
    ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] },
    settings: { speakers: ['Speaker 1', 'Speaker 2'], tags: ['inaudible', 'crosstalk', 'noise', 'laughter'], glossary: ['Kubernetes', 'standup', 'cyclists'] },
  });
  for (const p of [image, audio]) {
    await addProjectMember(ctx, p.id, owner.id, 'labeler1@demo.test', 'labeler');
    await addProjectMember(ctx, p.id, owner.id, 'labeler2@demo.test', 'labeler');
    await addProjectMember(ctx, p.id, owner.id, 'reviewer@demo.test', 'reviewer');
  }
  for (const img of manifest.images) {
    await createTask(ctx, image.id, owner.id, {
      data: { kind: 'image', imageUrl: `/demo/${img.file}`, width: img.width, height: img.height },
      priority: 0,
    });
  }
  // The clips are stored and read like uploads, so their tasks have peaks and stream with range requests.
  for (const clip of manifest.audio) {
    const body = await readFile(path.join(opts.publicDir, 'demo', clip.file));
    const media = await ingestBytes(ctx.db.db, ctx.blobs, body, 'audio', `upload:${path.basename(clip.file)}`, ctx.clock(), { ffmpegPath: ctx.config.ffmpegPath });
    await createTask(ctx, audio.id, owner.id, { data: media.data, priority: 0 }, media.blobId);
  }
  const info: DemoInfo = { password: DEMO_PASSWORD, accounts, projects: { image: image.id, audio: audio.id } };
  await writeFile(path.join(opts.dataDir, 'demo.json'), JSON.stringify(info, null, 2) + '\n');
  return info;
}

/** Deletes the demo accounts and every project the demo owner owns, with their tasks and annotations. */
export async function removeDemo(ctx: ServiceContext): Promise<void> {
  const emails = DEMO_ACCOUNTS.map((a) => a.email);
  await ctx.db.db.transaction().execute(async (tx) => {
    const owned = tx
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.project_id')
      .where('u.email', '=', DEMO_ACCOUNTS[0].email)
      .where('m.role', '=', 'owner');
    await tx.deleteFrom('projects').where('id', 'in', owned).execute();
    await tx.deleteFrom('users').where('email', 'in', emails).execute();
  });
}

/** The lines printed at start so a person can sign in. */
export function describeDemo(info: Pick<DemoInfo, 'accounts' | 'password'>, baseUrl: string): string {
  const lines = info.accounts.map((a) => `  ${a.key.padEnd(9)} ${a.email.padEnd(22)} password: ${info.password}`);
  return [`Demo workspace at ${baseUrl} — sign in as:`, ...lines].join('\n');
}
