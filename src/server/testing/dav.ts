// Test support for the CardDAV/CalDAV server: the harness's app on a real port, app passwords
// for its users, DAV requests by fetch, and Debian's vdirsyncer as the real client.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Client, Harness } from './harness.ts';

/** Starts the harness's app on a free port of 127.0.0.1 (once) and returns its base URL. */
export async function listening(h: Harness): Promise<string> {
  if (!h.app.server.listening) await h.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
}

export interface DavLogin {
  username: string;
  password: string;
  authorization: string;
}

/** A new app password of the client's user, with the Basic authorization it makes. */
export async function appPassword(client: Client, name = 'Telefon'): Promise<DavLogin> {
  const created = await client.post('/api/v1/app-passwords', { name });
  if (created.status !== 201) throw new Error(`app password: ${created.status} ${JSON.stringify(created.body)}`);
  const password = created.body.password as string;
  return {
    username: client.email,
    password,
    authorization: `Basic ${Buffer.from(`${client.email}:${password}`).toString('base64')}`,
  };
}

export interface DavReply {
  status: number;
  headers: Headers;
  text: string;
}

/** One DAV request to the server at `base`. */
export async function davRequest(
  base: string,
  login: DavLogin | null,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<DavReply> {
  const response = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(login ? { authorization: login.authorization } : {}),
      ...(body !== undefined && !headers['content-type'] ? { 'content-type': 'application/xml; charset=utf-8' } : {}),
      ...headers,
    },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, `input` on its standard input. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export interface Vdirsyncer {
  dir: string;
  /** The local folder of a pair's collection (vdir: one file per object). */
  local(pair: string): string;
  discover(): Promise<Run>;
  sync(): Promise<Run>;
}

/**
 * vdirsyncer with a config of its own in a temp folder: one pair per DAV collection, between
 * a local vdir and the server, the collection's URL given (collections = null), so that
 * discovery asks nothing. `readOnlyServer`: conflicts resolved as the server says.
 */
export async function vdirsyncer(
  pairs: Array<{ name: string; type: 'carddav' | 'caldav'; url: string; fileext: string }>,
  login: DavLogin,
): Promise<Vdirsyncer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'farley-vdirsyncer-'));
  const quote = (value: string) => JSON.stringify(value);
  const sections = pairs.map(
    (p) => `
[pair ${p.name}]
a = "${p.name}_local"
b = "${p.name}_remote"
collections = null
conflict_resolution = "b wins"

[storage ${p.name}_local]
type = "filesystem"
path = ${quote(path.join(dir, p.name))}
fileext = ${quote(p.fileext)}

[storage ${p.name}_remote]
type = ${quote(p.type)}
url = ${quote(p.url)}
username = ${quote(login.username)}
password = ${quote(login.password)}
`,
  );
  const config = path.join(dir, 'config');
  await writeFile(config, `[general]\nstatus_path = ${quote(path.join(dir, 'status'))}\n${sections.join('')}`);
  const vdir = (args: string[]) =>
    run('vdirsyncer', ['--verbosity', 'DEBUG', '-c', config, ...args], {
      env: { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      input: 'y\ny\ny\n',
    });
  return {
    dir,
    local: (pair) => path.join(dir, pair),
    discover: () => vdir(['discover']),
    sync: () => vdir(['sync']),
  };
}
