import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../media/blob-store';
import { createUser } from './auth.service';
import { defaultConfig, type ServiceContext } from './context';
import { addProjectMember, createProject } from './projects.service';
import { claimNextTask } from './queue.service';
import { submit } from './submit.service';
import { createTask } from './tasks.service';
import { openTestDb, type TestDb } from '../test/test-db';
import { makeImageTask, ontology } from '../test/builders';

const TASKS = 60;
const LABELERS = 16;

describe.runIf(process.env.TEST_DATABASE_URL)('the label queue under concurrent claimers on PostgreSQL', () => {
  let db: TestDb;
  let ctx: ServiceContext;
  beforeAll(async () => {
    db = await openTestDb('postgres');
    ctx = { db, clock: () => new Date(), config: defaultConfig, blobs: new LocalBlobStore('/tmp/labelbench-unused-blobs') };
  });
  afterAll(() => db.dispose());

  it('hands every task to exactly one labeler and completes each once', async () => {
    const owner = await createUser(ctx, { email: 'owner@pg.test', name: 'o', password: 'x' });
    const project = await createProject(ctx, owner.id, { name: 'p', kind: 'image', instructions: '', ontology, settings: {} });
    const labelers = [];
    for (let i = 0; i < LABELERS; i++) {
      const u = await createUser(ctx, { email: `l${i}@pg.test`, name: `l${i}`, password: 'x' });
      await addProjectMember(ctx, project.id, owner.id, u.email, 'labeler');
      labelers.push(u);
    }
    for (let i = 0; i < TASKS; i++) await createTask(ctx, project.id, owner.id, makeImageTask({ priority: i % 3 }));

    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    await Promise.all(
      labelers.map(async (u) => {
        for (;;) {
          const claim = await claimNextTask(ctx, project.id, u.id);
          if (!claim.task || !claim.lease) return;
          const holder = seen.get(claim.task.id);
          if (holder) duplicates.push(`${claim.task.id} to ${holder} and ${u.id}`);
          seen.set(claim.task.id, u.id);
          await submit(ctx, claim.task.id, u.id, { leaseToken: claim.lease.token, submissionId: randomUUID(), document: { objects: [] } });
        }
      }),
    );
    expect(duplicates).toEqual([]);
    expect(seen.size).toBe(TASKS);
    const statuses = await db.db.selectFrom('tasks').select('status').where('project_id', '=', project.id).execute();
    expect(statuses.every((t) => t.status === 'completed')).toBe(true);
    const perTask = await db.db
      .selectFrom('annotations')
      .select(['task_id', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('task_id')
      .execute();
    expect(perTask).toHaveLength(TASKS);
    expect(perTask.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
