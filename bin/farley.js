#!/usr/bin/env node
// The `farley` command: runs the TypeScript sources through tsx, so there is no build step.
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

// Seeding allocates short-lived strings by the gigabyte: a larger young generation makes it
// about a quarter faster (fewer scavenges, less promoted garbage). V8 reads the size only at
// start-up, so `demo` re-runs itself with it.
if (process.argv[2] === 'demo' && !process.execArgv.some((arg) => arg.startsWith('--max-semi-space-size'))) {
  const child = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

register();
await import('../src/server/cli/main.ts');
