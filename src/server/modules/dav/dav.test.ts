// The DAV server by plain HTTP: discovery, sign-in with app passwords (and nothing else),
// the address book's cards and sync tokens, and bad input answered with 4xx, never 5xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { appPassword, davRequest, listening, type DavLogin } from '../../testing/dav.ts';

let h: Harness;
let base: string;
let anna: Client;
let login: DavLogin;
let contactId: string;

const propfindBody = (props: string) =>
  `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"><d:prop>${props}</d:prop></d:propfind>`;
const book = () => `/dav/addressbooks/${anna.userId}/contacts/`;

before(async () => {
  h = await harness();
  base = await listening(h);
  anna = await h.workspace('Berger Beratung');
  login = await appPassword(anna, 'iPhone Anna');
  const created = await anna.post('/api/v1/contacts', {
    firstName: 'Jonas',
    lastName: 'Weber',
    ownerId: anna.userId,
    emails: [{ email: 'jonas.weber@weber-bau.example', primary: true }],
    phones: [
      { number: '+49 30 1234567', label: 'Büro' },
      { number: '0171 2345678', label: 'Mobil' },
    ],
    jobTitle: 'Einkaufsleiter',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  contactId = created.body.id;
});
after(() => h.close());

describe('DAV server', () => {
  test('the well-known addresses lead to the DAV root without signing in', async () => {
    for (const path of ['/.well-known/carddav', '/.well-known/caldav']) {
      for (const method of ['GET', 'PROPFIND']) {
        const res = await davRequest(base, null, method, path);
        assert.equal(res.status, 301, `${method} ${path}`);
        assert.equal(res.headers.get('location'), '/dav/');
      }
    }
  });

  test('OPTIONS names the DAV classes', async () => {
    const res = await davRequest(base, null, 'OPTIONS', '/dav/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('dav') ?? '', /addressbook/);
    assert.match(res.headers.get('dav') ?? '', /calendar-access/);
  });

  test('the root names the principal and the homes', async () => {
    const res = await davRequest(
      base,
      login,
      'PROPFIND',
      '/dav/',
      propfindBody(
        '<d:current-user-principal/><card:addressbook-home-set/><d:unknown-prop/><cal:calendar-user-address-set/>',
      ),
      { depth: '0' },
    );
    assert.equal(res.status, 207, res.text);
    assert.ok(res.text.includes(`/dav/principals/${anna.userId}/`), res.text);
    assert.ok(res.text.includes(`/dav/addressbooks/${anna.userId}/`), res.text);
    assert.match(res.text, /404 Not Found/);
    assert.ok(res.text.includes(`<d:href>mailto:${anna.email}</d:href>`), res.text);
  });

  test('the address book lists the contacts the user owns, as vCard 3.0 by default', async () => {
    const res = await davRequest(
      base,
      login,
      'PROPFIND',
      book(),
      propfindBody('<d:getetag/><cs:getctag/><d:sync-token/><d:resourcetype/>'),
      {
        depth: '1',
      },
    );
    assert.equal(res.status, 207, res.text);
    assert.ok(res.text.includes(`${contactId}.vcf`), res.text);
    assert.match(res.text, /<card:addressbook\/>/);
    const card = await davRequest(base, login, 'GET', `${book()}${contactId}.vcf`);
    assert.equal(card.status, 200, card.text);
    assert.match(card.text, /VERSION:3\.0/);
    assert.match(card.text, /FN:Jonas Weber/);
    assert.match(card.text, /TEL;TYPE=work,voice:\+49301234567/);
    assert.match(card.text, /EMAIL;TYPE=internet,pref:jonas\.weber@weber-bau\.example/);
    assert.ok(card.headers.get('etag'));
    const v4 = await davRequest(base, login, 'GET', `${book()}${contactId}.vcf`, undefined, {
      accept: 'text/vcard; version=4.0',
    });
    assert.match(v4.text, /VERSION:4\.0/);
  });

  test('sync-collection gives only what changed since the token', async () => {
    const sync = (token: string) =>
      davRequest(
        base,
        login,
        'REPORT',
        book(),
        `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
      );
    const first = await sync('');
    assert.equal(first.status, 207, first.text);
    const token = /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(first.text)?.[1];
    assert.ok(token, first.text);
    const unchanged = await sync(token);
    assert.ok(!unchanged.text.includes('.vcf'), unchanged.text);
    const other = await anna.post('/api/v1/contacts', { lastName: 'Neu', ownerId: anna.userId });
    const changed = await sync(token);
    assert.ok(changed.text.includes(`${other.body.id}.vcf`), changed.text);
    assert.ok(!changed.text.includes(`${contactId}.vcf`), changed.text);
    assert.equal((await anna.delete(`/api/v1/contacts/${other.body.id}`)).status, 204);
    const deleted = await sync(token);
    assert.match(deleted.text, new RegExp(`${other.body.id}\\.vcf</d:href><d:status>HTTP/1.1 404`));
    const bad = await sync('http://farley.example/ns/sync/999999');
    assert.equal(bad.status, 403);
    assert.match(bad.text, /valid-sync-token/);
  });

  test('the address book is read-only: PUT and DELETE are refused with need-privileges', async () => {
    const put = await davRequest(
      base,
      login,
      'PUT',
      `${book()}${contactId}.vcf`,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEND:VCARD\r\n',
      {
        'content-type': 'text/vcard',
      },
    );
    assert.equal(put.status, 403);
    assert.match(put.text, /need-privileges/);
    const broken = await davRequest(base, login, 'PUT', `${book()}neu.vcf`, 'BEGIN:VCARD\r\nFN', {
      'content-type': 'text/vcard',
    });
    assert.equal(broken.status, 403);
    const del = await davRequest(base, login, 'DELETE', `${book()}${contactId}.vcf`);
    assert.equal(del.status, 403);
    assert.equal((await anna.get(`/api/v1/contacts/${contactId}`)).status, 200);
  });

  test('without an app password, or with an API token, the answer is 401 with a Basic challenge', async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${anna.token}` },
      { authorization: `Basic ${Buffer.from(`${anna.email}:${anna.token}`).toString('base64')}` },
      { authorization: `Basic ${Buffer.from(`${anna.email}:correct horse battery`).toString('base64')}` },
      { authorization: 'Basic %%%' },
    ];
    for (const headers of cases) {
      const res = await davRequest(base, null, 'PROPFIND', '/dav/', undefined, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm="Farley"/);
    }
  });

  test('an app password does not open the API', async () => {
    for (const authorization of [`Bearer ${login.password}`, login.authorization]) {
      const res = await h.raw({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
      assert.equal(res.statusCode, 401);
    }
  });

  test("a revoked app password is refused at once, and nobody else's can be revoked", async () => {
    const phone = await appPassword(anna, 'Altes Telefon');
    assert.equal((await davRequest(base, phone, 'PROPFIND', '/dav/', undefined, { depth: '0' })).status, 207);
    const list = await anna.get('/api/v1/app-passwords');
    const entry = list.body.data.find((p: { name: string }) => p.name === 'Altes Telefon');
    assert.ok(entry.lastUsedAt);
    assert.ok(!JSON.stringify(list.body).includes(phone.password));
    const other = await h.workspace();
    assert.equal((await other.delete(`/api/v1/app-passwords/${entry.id}`)).status, 404);
    const colleague = await h.member(anna, 'admin');
    assert.equal((await colleague.delete(`/api/v1/app-passwords/${entry.id}`)).status, 404);
    for (const path of [`/api/v1/api-tokens/${entry.id}`, `/api/v1/api-tokens/${entry.id}/restore`]) {
      const res = path.endsWith('restore') ? await anna.post(path) : await anna.get(path);
      assert.equal(res.status, 404, `${path}: an app password is no API token`);
    }
    assert.equal((await anna.delete(`/api/v1/app-passwords/${entry.id}`)).status, 204);
    assert.equal((await anna.post(`/api/v1/api-tokens/${entry.id}/restore`)).status, 404);
    assert.equal((await davRequest(base, phone, 'PROPFIND', '/dav/', undefined, { depth: '0' })).status, 401);
  });

  test("another user's collections do not exist for the caller", async () => {
    const other = await h.workspace();
    const colleague = await h.member(anna, 'agent');
    for (const user of [other.userId, colleague.userId]) {
      for (const path of [
        `/dav/addressbooks/${user}/contacts/`,
        `/dav/principals/${user}/`,
        `/dav/calendars/${user}/appointments/`,
      ]) {
        const res = await davRequest(base, login, 'PROPFIND', path, undefined, { depth: '1' });
        assert.equal(res.status, 404, path);
      }
    }
    const theirs = await other.post('/api/v1/contacts', { lastName: 'Fremd', ownerId: other.userId });
    const get = await davRequest(base, login, 'GET', `${book()}${theirs.body.id}.vcf`);
    assert.equal(get.status, 404);
  });

  test('broken XML, odd bodies and huge bodies get 4xx', async () => {
    const broken = await davRequest(base, login, 'PROPFIND', '/dav/', '<d:propfind xmlns:d="DAV:"><d:prop>');
    assert.equal(broken.status, 400);
    assert.equal(JSON.parse(broken.text).code, 'invalid_xml');
    const entity = await davRequest(
      base,
      login,
      'PROPFIND',
      '/dav/',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><d:propfind xmlns:d="DAV:"><d:prop>&a;</d:prop></d:propfind>',
    );
    assert.equal(entity.status, 400);
    const undeclared = await davRequest(base, login, 'REPORT', book(), '<x:sync-collection/>');
    assert.equal(undeclared.status, 400);
    const unknownReport = await davRequest(base, login, 'REPORT', book(), '<d:foo xmlns:d="DAV:"/>');
    assert.equal(unknownReport.status, 403);
    const json = await davRequest(base, login, 'PROPFIND', '/dav/', '{}', { 'content-type': 'application/json' });
    assert.ok(json.status >= 400 && json.status < 500, String(json.status));
    const huge = await davRequest(base, login, 'PROPFIND', '/dav/', `<a>${'x'.repeat(1_100_000)}</a>`);
    assert.equal(huge.status, 413);
    const badEscape = await davRequest(base, login, 'PROPFIND', '/dav/addressbooks/%E0%A4%A/', undefined, {
      depth: '0',
    });
    assert.ok(badEscape.status >= 400 && badEscape.status < 500, String(badEscape.status));
  });

  test('the address book can show a saved view of contacts instead, chosen in the phone settings', async () => {
    const settings = await anna.get('/api/v1/dav-settings');
    assert.equal(settings.status, 200);
    assert.equal(settings.body.contactsViewId, null);
    assert.equal(settings.body.username, anna.email);
    assert.match(settings.body.serverUrl, /\/dav\/$/);
    const colleague = await h.member(anna, 'agent');
    const vip = await anna.post('/api/v1/contacts', { lastName: 'Wichtig', tags: ['vip'], ownerId: colleague.userId });
    const view = await anna.post('/api/v1/views', {
      resource: 'contacts',
      name: 'VIP',
      config: { columns: ['lastName'], sort: null, filters: [{ field: 'tags', op: 'has', value: 'vip' }] },
    });
    assert.equal(view.status, 201, JSON.stringify(view.body));
    const chosen = await anna.put('/api/v1/dav-settings', { contactsViewId: view.body.id });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    const listed = await davRequest(base, login, 'PROPFIND', book(), propfindBody('<d:getetag/>'), { depth: '1' });
    assert.ok(listed.text.includes(`${vip.body.id}.vcf`), listed.text);
    assert.ok(!listed.text.includes(`${contactId}.vcf`), listed.text);
    const private_ = await colleague.post('/api/v1/views', {
      resource: 'contacts',
      name: 'Meine',
      config: { columns: ['lastName'], sort: null, filters: [] },
    });
    const refused = await anna.put('/api/v1/dav-settings', { contactsViewId: private_.body.id });
    assert.equal(refused.status, 422);
    assert.equal((await anna.put('/api/v1/dav-settings', { contactsViewId: null })).status, 200);
    const own = await davRequest(base, login, 'PROPFIND', book(), propfindBody('<d:getetag/>'), { depth: '1' });
    assert.ok(own.text.includes(`${contactId}.vcf`), own.text);
  });

  test('PROPPATCH is answered, every property refused', async () => {
    const res = await davRequest(
      base,
      login,
      'PROPPATCH',
      book(),
      '<d:propertyupdate xmlns:d="DAV:" xmlns:i="http://apple.com/ns/ical/"><d:set><d:prop><d:displayname>Mein Buch</d:displayname><i:calendar-color>#ff0000</i:calendar-color></d:prop></d:set></d:propertyupdate>',
    );
    assert.equal(res.status, 207, res.text);
    assert.match(res.text, /<d:displayname\/><ical:calendar-color\/><\/d:prop><d:status>HTTP\/1.1 403 Forbidden/);
  });
});
