// The security headers: every kind of response carries them (API answers, problems, the web
// app, its assets, the API docs, the CardDAV/CalDAV server, health checks); HSTS only behind
// HTTPS; a route's own policy wins; the web app's page has no inline script the policy blocks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { harness, type Harness } from '../testing/harness.ts';
import { contentSecurityPolicy, installSecurityHeaders, securityHeaders } from '../platform/http/securityHeaders.ts';

type Headers = Record<string, string | string[] | number | undefined>;

function assertSecurityHeaders(what: string, headers: Headers, options: { hsts: boolean }) {
  assert.equal(headers['content-security-policy'], contentSecurityPolicy, `${what}: Content-Security-Policy`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  assert.match(String(headers['permissions-policy']), /camera=\(\), .*geolocation=\(\), .*microphone=\(\)/, what);
  if (options.hsts) assert.equal(headers['strict-transport-security'], 'max-age=31536000', `${what}: HSTS`);
  else assert.equal(headers['strict-transport-security'], undefined, `${what}: no HSTS over plain HTTP`);
}

let webDir: string;
before(async () => {
  // A built web app of the test's own: the worktree need not have run `npm run build`.
  webDir = await mkdtemp(path.join(os.tmpdir(), 'farley-web-'));
  await mkdir(path.join(webDir, 'assets'));
  await writeFile(
    path.join(webDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body></body></html>',
  );
  await writeFile(path.join(webDir, 'assets/index-abc.js'), 'console.log("Farley")');
});
after(async () => {
  await rm(webDir, { recursive: true, force: true });
});

for (const secure of [false, true]) {
  describe(secure ? 'behind HTTPS (FARLEY_COOKIE_SECURE=1)' : 'over plain HTTP', () => {
    let h: Harness;
    before(async () => {
      h = await harness({ env: { FARLEY_WEB_DIR: webDir, FARLEY_COOKIE_SECURE: secure ? '1' : '0' } });
    });
    after(async () => {
      await h?.close();
    });

    test(`every kind of response carries the security headers${secure ? ', HSTS included' : ', HSTS not'}`, async () => {
      const admin = await h.workspace();
      const api = await admin.get('/api/v1/contacts');
      assert.equal(api.status, 200);
      assertSecurityHeaders('API JSON', api.headers, { hsts: secure });
      const answers: Array<[string, Parameters<Harness['raw']>[0], number]> = [
        ['a problem 404', { method: 'GET', url: '/api/v1/nowhere' }, 404],
        ['a 401 without credentials', { method: 'GET', url: '/api/v1/contacts' }, 401],
        ['a broken URL (refused while routing)', { method: 'GET', url: '/api/v1/contacts/%zz' }, 400],
        [
          'a body that is no JSON',
          { method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json' } },
          400,
        ],
        ['the web app (index.html)', { method: 'GET', url: '/contacts' }, 200],
        ['an asset', { method: 'GET', url: '/assets/index-abc.js' }, 200],
        ['a missing asset', { method: 'GET', url: '/assets/missing.js' }, 404],
        ['the OpenAPI document', { method: 'GET', url: '/api/openapi.json' }, 200],
        ['the API docs page', { method: 'GET', url: '/api/docs/' }, 200],
        ['/dav OPTIONS', { method: 'OPTIONS', url: '/dav/' }, 200],
        ['/dav without sign-in', { method: 'PROPFIND', url: '/dav/' }, 401],
        ['/healthz', { method: 'GET', url: '/healthz' }, 200],
      ];
      for (const [what, request, status] of answers) {
        const response = await h.raw(request);
        assert.equal(response.statusCode, status, `${what}: ${response.body.slice(0, 200)}`);
        assertSecurityHeaders(what, response.headers, { hsts: secure });
      }
    });
  });
}

test("a route's own Content-Security-Policy is kept, the other headers are added", async () => {
  const app = Fastify();
  installSecurityHeaders(app, securityHeaders({ secure: false }));
  app.get('/file', async (_request, reply) =>
    reply.header('content-security-policy', "default-src 'none'; sandbox").send('bytes'),
  );
  const response = await app.inject({ method: 'GET', url: '/file' });
  assert.equal(response.headers['content-security-policy'], "default-src 'none'; sandbox");
  assert.equal(response.headers['x-frame-options'], 'DENY');
  await app.close();
});

test("the web app's page has no inline script or event handler for the policy to block", async () => {
  const html = await readFile(new URL('../../web/index.html', import.meta.url), 'utf8');
  for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
    assert.match(script, /\ssrc=/, `inline script in src/web/index.html: ${script}`);
    assert.match(script, /><\/script>$/, `a script with a src and a body: ${script}`);
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'an inline event handler in src/web/index.html');
  assert.doesNotMatch(html, /javascript:/i);
});
