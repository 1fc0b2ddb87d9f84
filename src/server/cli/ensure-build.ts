import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the SPA with Vite when dist/ is missing or older than any front-end source, so that
 * `npm start` on a fresh clone (or after a pull) serves the current app without a separate step.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const outDir = process.argv[2] ?? 'dist';
const mode = outDir === 'dist-e2e' ? 'e2e' : 'production';
const SOURCES = ['src/client', 'src/shared', 'src/core', 'src/editor', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', '.env.e2e'];

function newest(p: string): number {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const built = newest(path.join(ROOT, outDir, 'index.html'));
const sources = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
if (built >= sources) {
  console.log(`The app in ${outDir}/ is up to date.`);
} else {
  console.log(`Building the app into ${outDir}/ …`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', mode, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
