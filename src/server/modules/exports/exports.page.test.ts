import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertBigContacts } from '../../testing/bigContacts.ts';
import { harness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
let api: Client;

before(async () => {
  h = await harness();
  api = await h.workspace('Seiten GmbH');
});
after(() => h.close());

const asBrowser = (client: Client, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${client.token}`,
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  ...extra,
});

describe('a refused export opened in the browser', () => {
  test('is a page in the language of the export, with the way back to the list', async () => {
    const res = await h.raw({
      method: 'GET',
      url: '/api/v1/contacts/export?lang=de&columns=%3Cscript%3Ealert(1)%3C/script%3E',
      headers: asBrowser(api, { host: 'crm.example', referer: 'http://crm.example/contacts?lastName=M%C3%BCller' }),
    });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(res.body, /<html lang="de">/);
    assert.match(res.body, /<h1>Export nicht möglich<\/h1>/);
    assert.match(res.body, /<a href="\/contacts\?lastName=M%C3%BCller">Zurück zur Liste<\/a>/);
    // What the request carried is text on the page, never markup.
    assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!res.body.includes('<script>'));
  });

  test('leads back only to a page of the same server, and speaks the browser language without lang', async () => {
    const res = await h.raw({
      method: 'GET',
      url: '/api/v1/deals/export?format=pdf',
      headers: asBrowser(api, { host: 'crm.example', referer: 'http://evil.example/x', 'accept-language': 'en-GB,en' }),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<html lang="en">/);
    assert.match(res.body, /<a href="\/">Back to the list<\/a>/);
  });

  test('a signed-out browser is asked to sign in; API clients get the problem document as always', async () => {
    const signedOut = await h.raw({
      method: 'GET',
      url: '/api/v1/contacts/export?lang=de',
      headers: { accept: 'text/html' },
    });
    assert.equal(signedOut.statusCode, 401);
    assert.match(signedOut.body, /Sie sind nicht mehr angemeldet/);
    assert.match(signedOut.body, /<a href="\/">Anmelden<\/a>/);
    const client = await h.raw({
      method: 'GET',
      url: '/api/v1/contacts/export?columns=nope',
      headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' },
    });
    assert.equal(client.statusCode, 400);
    assert.match(String(client.headers['content-type']), /problem\+json/);
    assert.equal(JSON.parse(client.body).code, 'bad_request');
  });

  test('too many exports at once: the page says to try again in a minute', async () => {
    const big = await h.workspace('Gross Seiten GmbH');
    // 40 MB of contacts, more than every buffer on the way holds: an export whose reader
    // stops keeps its place among the running ones.
    await insertBigContacts(h, big.workspaceId);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    const open = (headers: Record<string, string>) =>
      new Promise<{ request: http.ClientRequest; response: http.IncomingMessage }>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/contacts/export?lang=de', headers });
        request.on('response', (response) => resolve({ request, response }));
        request.on('error', reject);
      });
    const held: http.ClientRequest[] = [];
    try {
      // The server runs two at once (a pool of 10): two that nobody reads on hold both places.
      for (let i = 0; i < 2; i++) {
        const { request, response } = await open({ authorization: `Bearer ${big.token}` });
        assert.equal(response.statusCode, 200);
        response.pause();
        held.push(request);
      }
      const { response } = await open(
        asBrowser(big, { host: `127.0.0.1:${port}`, referer: `http://127.0.0.1:${port}/contacts` }),
      );
      let body = '';
      for await (const chunk of response) body += chunk;
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['retry-after'], '60');
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(body, /data-problem="exports_busy"/);
      assert.match(body, /Gerade laufen zu viele Exporte\. Bitte versuchen Sie es in einer Minute noch einmal\./);
      assert.match(body, /<a href="\/contacts">Zurück zur Liste<\/a>/);
    } finally {
      for (const request of held) request.destroy();
    }
  });
});
