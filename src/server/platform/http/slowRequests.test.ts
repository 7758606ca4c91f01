// The slow request log: slow requests are logged with what was asked (not the query's values) and how long it took, others not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { installSlowRequestLog } from './slowRequests.ts';

async function logOf(ms: number, paths: string[]): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const app = Fastify({ logger: { level: 'warn', stream } });
  installSlowRequestLog(app, ms);
  app.get('/fast', async () => ({ ok: true }));
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    return { ok: true };
  });
  for (const path of paths)
    assert.equal((await app.inject({ method: 'GET', url: path })).statusCode, path.startsWith('/nowhere') ? 404 : 200);
  await app.close();
  return lines.map((line) => JSON.parse(line));
}

test('a request slower than the limit is logged as a warning with its route, path, status and time, not its query values', async () => {
  const log = await logOf(50, ['/fast', '/slow?q=M%C3%BCller&limit=5', '/fast']);
  assert.equal(log.length, 1);
  assert.equal(log[0].msg, 'slow request');
  assert.equal(log[0].level, 40);
  assert.equal(log[0].method, 'GET');
  assert.equal(log[0].route, '/slow');
  assert.equal(log[0].path, '/slow');
  assert.equal(log[0].query, 'q,limit');
  assert.doesNotMatch(JSON.stringify(log), /ller/);
  assert.equal(log[0].statusCode, 200);
  assert.ok(Number(log[0].ms) >= 50 && Number(log[0].ms) < 5000, `ms ${log[0].ms}`);
});

test('with the limit at 0 nothing is logged', async () => {
  assert.deepEqual(await logOf(0, ['/slow', '/nowhere']), []);
});
