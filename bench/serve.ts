// A Farley server for a benchmark: started on a free port with the given environment, waited
// for until /healthz answers. Returns its URL and the child process (kill it when done).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export async function startFarley(env: NodeJS.ProcessEnv): Promise<{ baseUrl: string; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(root, 'bin/farley.js'), 'start'], {
    cwd: root,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null || i > 600) throw new Error('the Farley server did not start');
    if (
      await fetch(`${baseUrl}/healthz`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, server };
}
