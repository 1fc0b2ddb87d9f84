import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { startBackgroundWork } from './background';
import { lockDataDir } from './data-dir-lock';
import { openDb, type Db } from './db/client';
import { migrate } from './db/migrate';
import { LocalBlobStore } from './media/blob-store';
import { describeDemo, isEmpty, removeDemo, seedDemo } from './demo/demo';
import { defaultConfig, type ServiceContext } from './services/context';

// The only file that reads the environment.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const dataDir = path.resolve(env.DATA_DIR ?? path.join(ROOT, 'data'));
const databaseUrl = env.DATABASE_URL || null;
const staticDir = path.resolve(env.STATIC_DIR ?? path.join(ROOT, 'dist'));
const publicDir = path.join(ROOT, 'public');
const command = process.argv[2] ?? 'serve';
const DEMO_SEED_LOCK_KEY = 74_651_204;
const archiveAfterMs = parseArchiveAfter(env.ARCHIVE_AFTER_DAYS);

/** ARCHIVE_AFTER_DAYS: days after a task ends before its work items are archived (default 7), or `off`. */
function parseArchiveAfter(value: string | undefined): number | null {
  if (value === undefined || value === '') return defaultConfig.archiveAfterMs;
  if (value === 'off') return null;
  const days = Number(value);
  if (!Number.isFinite(days) || days < 0) throw new Error(`ARCHIVE_AFTER_DAYS must be a number of days (0 or more) or 'off', not '${value}'`);
  return days * 24 * 3600_000;
}

async function open(): Promise<{ db: Db; release: () => void }> {
  const release = databaseUrl ? () => {} : lockDataDir(dataDir);
  const db = await openDb(databaseUrl ? { url: databaseUrl } : { dataDir: path.join(dataDir, 'pglite') });
  const applied = await migrate(db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  return { db, release };
}

async function main(): Promise<void> {
  const { db, release } = await open();
  const blobs = new LocalBlobStore(path.join(dataDir, 'blobs'));
  const ctx: ServiceContext = { db, clock: () => new Date(), config: { ...defaultConfig, staticDir, secureCookies: env.SECURE_COOKIES === '1', ffmpegPath: env.FFMPEG_PATH === '' ? null : (env.FFMPEG_PATH ?? 'ffmpeg'), archiveAfterMs }, blobs };
  const baseUrl = `http://${host}:${port}`;
  await mkdir(dataDir, { recursive: true });

  if (command === 'demo:reset') {
    await removeDemo(ctx);
    const info = await seedDemo(ctx, { publicDir, dataDir });
    console.log(`Demo workspace recreated.\n${describeDemo(info, baseUrl)}`);
    await db.close();
    release();
    return;
  }

  // Why the lock: two processes starting together on one empty PostgreSQL must not both seed.
  const seeded = await db.withAdvisoryLock(DEMO_SEED_LOCK_KEY, async () => ((await isEmpty(ctx)) ? seedDemo(ctx, { publicDir, dataDir }) : null));
  if (seeded) {
    console.log(`Created the demo workspace (${path.join(dataDir, 'demo.json')}).`);
    console.log(describeDemo(seeded, baseUrl));
  } else {
    console.log(`Demo sign-ins (if not changed): owner@demo.test, labeler1@demo.test, labeler2@demo.test, reviewer@demo.test — password labelbench`);
  }

  // Files a killed process was receiving when it died (an hour old, so another process's upload is left alone).
  const staleTemp = await blobs.removeStaleTemp(new Date());
  if (staleTemp > 0) console.log(`Removed ${staleTemp} unfinished upload${staleTemp === 1 ? '' : 's'} left by an earlier run.`);

  const app = await buildApp({ db, config: ctx.config, blobs, logger: { level: env.LOG_LEVEL ?? 'warn' } });
  const stopBackground = startBackgroundWork(ctx, app.log);
  const stop = async () => {
    await stopBackground();
    await app.close();
    await db.close();
    release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port, host });
  console.log(`Labelbench is listening on ${baseUrl} (${databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${dataDir}`})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
