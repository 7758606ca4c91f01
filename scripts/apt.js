// Debian packages the tests and the benchmark use (Chromium, wrk): installed with apt when
// missing and this process may (root); otherwise the command to run is printed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Whether `file` exists, after installing `pkg` if it was missing and we are root. */
export function ensureDebianPackage(pkg, file, purpose) {
  if (existsSync(file)) return true;
  if (process.getuid?.() !== 0) {
    console.error(`\n${purpose} ${file}. Install it with:\n  sudo apt-get install -y ${pkg}\n`);
    return false;
  }
  console.log(`installing Debian's ${pkg} (apt-get install -y ${pkg})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install()) {
      console.error(`\nInstalling ${pkg} failed. Run:\n  apt-get update && apt-get install -y ${pkg}\n`);
      return false;
    }
  }
  return existsSync(file);
}
