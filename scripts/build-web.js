#!/usr/bin/env node
// Builds the web app (vite build → dist/web) when the build is missing or older than its
// sources; `npm start` runs this first (prestart), `npm test` before the browser tests.
// `--force` builds regardless.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/contract', 'vite.config.ts', 'tsconfig.web.json', 'package-lock.json'];

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const name of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, name)));
  return latest;
}

export function webBuildIsCurrent() {
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return sources.every((source) => newest(path.join(root, source)) <= builtAt);
}

export function buildWeb({ force = false, quiet = false } = {}) {
  if (!force && webBuildIsCurrent()) {
    if (!quiet) console.log('web app: dist/web is up to date');
    return true;
  }
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    if (existsSync(built)) {
      console.warn(
        'web app: vite is not installed (npm install without dev dependencies?); serving the existing dist/web',
      );
      return true;
    }
    console.error('web app: vite is not installed; run `npm install` first');
    return false;
  }
  console.log('web app: building dist/web …');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', quiet ? 'warn' : 'info'], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildWeb({ force: process.argv.includes('--force') }) ? 0 : 1);
}
