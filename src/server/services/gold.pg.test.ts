import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../media/blob-store';
import { createUser } from './auth.service';
import { defaultConfig, type ServiceContext } from './context';
import { addProjectMember, createProject } from './projects.service';
import { claimNextTask } from './queue.service';
import { createTask } from './tasks.service';
import { makeGold } from './gold.service';
import { openTestDb, type TestDb } from '../test/test-db';
import { makeImageTask, ontology } from '../test/builders';

const GOLD = 3;
const LABELERS = 12;

describe.runIf(process.env.TEST_DATABASE_URL)('gold claims under concurrency on PostgreSQL', () => {
  let db: TestDb;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await openTestDb('postgres');
    ctx = { db, clock: () => new Date(), config: defaultConfig, blobs: new LocalBlobStore('/tmp/labelbench-unused-blobs'), random: () => 0 };
  });
  afterAll(() => db.dispose());

  it('gives each labeler each gold task at most once, even with parallel claims by the same person', async () => {
    const owner = await createUser(ctx, { email: 'owner@gold.test', name: 'o', password: 'x' });
    const project = await createProject(ctx, owner.id, { name: 'p', kind: 'image', instructions: '', ontology, settings: { goldRateStart: 1, goldRateFloor: 1 } });
    const labelers = [];
    for (let i = 0; i < LABELERS; i++) {
      const u = await createUser(ctx, { email: `l${i}@gold.test`, name: `l${i}`, password: 'x' });
      await addProjectMember(ctx, project.id, owner.id, u.email, 'labeler');
      labelers.push(u);
    }
    for (let i = 0; i < GOLD; i++) {
      const t = await createTask(ctx, project.id, owner.id, makeImageTask());
      await makeGold(ctx, t.id, owner.id, { objects: [{ id: `g${i}`, classId: 'car', geometry: { kind: 'box', x: 10, y: 10, w: 50, h: 40 }, attributes: {}, source: 'human', version: 1 }] });
    }
    // Every labeler fires four claims at once: the held-lease check cannot see the others' inserts yet,
    // so only the unique (task, holder) index keeps them from getting the same gold twice.
    const claims = await Promise.all(labelers.flatMap((u) => [0, 1, 2, 3].map(() => claimNextTask(ctx, project.id, u.id).then((c) => ({ user: u.id, c })))));
    const rows = await db.db.selectFrom('work_items').select(['task_id', 'leased_by']).where('gold', '=', true).execute();
    const pairs = rows.map((r) => `${r.task_id}/${r.leased_by}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const { c } of claims) expect(c.task === null || c.task.status === 'leased').toBe(true);
    // Every labeler got gold.
    expect(new Set(rows.map((r) => r.leased_by)).size).toBe(LABELERS);
  });
});
