import type { Db } from '../db/client';
import type { BlobStore } from '../media/blob-store';

/** Settings the server reads from its environment (only main.ts reads env). */
export type AppConfig = {
  /** Mark the session cookie `Secure` (behind HTTPS). */
  secureCookies: boolean;
  /** Extra wait before answering a failed sign-in, against guessing. */
  loginFailureDelayMs: number;
  /** Consecutive failed sign-ins after which an account waits `loginLockoutMs`. */
  maxFailedLogins: number;
  loginLockoutMs: number;
  sessionTtlMs: number;
  /** Folder of the built SPA to serve, or null to serve the API only. */
  staticDir: string | null;
  /** Largest media file fetched or uploaded, in bytes. */
  mediaMaxBytes: number;
  /** How long fetching an attachment may go without a byte arriving. */
  mediaFetchTimeoutMs: number;
  /** How long an upload may go without a byte arriving before it is dropped (nothing of it kept). */
  uploadIdleTimeoutMs: number;
  /** How long a webhook receiver has to answer. */
  webhookTimeoutMs: number;
  /** Customer API requests allowed per key per minute, per server process. */
  customerRequestsPerMinute: number;
  /** ffmpeg to decode audio other than PCM WAV (a command on the PATH or a path), or null for none. */
  ffmpegPath: string | null;
  /** Work items of tasks that ended longer ago than this move to `work_items_archive`; null: never. */
  archiveAfterMs: number | null;
};

export const defaultConfig: AppConfig = {
  secureCookies: false,
  loginFailureDelayMs: 400,
  maxFailedLogins: 5,
  loginLockoutMs: 15 * 60_000,
  sessionTtlMs: 30 * 24 * 3600_000,
  staticDir: null,
  mediaMaxBytes: 500 * 1024 * 1024,
  mediaFetchTimeoutMs: 60_000,
  uploadIdleTimeoutMs: 60_000,
  webhookTimeoutMs: 10_000,
  customerRequestsPerMinute: 6000,
  ffmpegPath: 'ffmpeg',
  archiveAfterMs: 7 * 24 * 3600_000,
};

/** What every service gets: the database, a clock and the config. Injected, so tests can pin time. */
export type ServiceContext = {
  db: Db;
  clock: () => Date;
  config: AppConfig;
  blobs: BlobStore;
  /** Uniform draws in [0, 1) for sampling decisions (gold-or-not at claim time, review sampling); injected so tests can seed it. Math.random when absent. */
  random?: () => number;
};
