import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { renderTemplate } from './index.ts';
import { longDate } from './emailTemplates.render.ts';

let h: Harness;
let admin: Client;
let manager: Client;
let agent: Client;
let otherAgent: Client;
let viewer: Client;
/** Frau Dr. Ida Schmidt of Brandt & Vogel GmbH, and her deal of 12,500.50 EUR. */
const ida = { contact: '', company: '', deal: '' };

async function created(client: Client, path: string, body: unknown) {
  const res = await client.post(path, body);
  assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const template = (extra: Record<string, unknown> = {}) => ({
  name: 'Angebot nachfassen',
  subject: 'Ihr Angebot: {{deal.title}}',
  body:
    '<p>{{contact.salutation}}</p><p>vielen Dank für Ihr Interesse an <strong>{{deal.title}}</strong> ' +
    'für {{company.name}} über {{deal.value}}.</p><p>Mit freundlichen Grüßen<br>{{user.name}}</p>',
  ...extra,
});

before(async () => {
  h = await harness();
  admin = await h.workspace('Vorlagen');
  manager = await h.member(admin, 'manager');
  agent = await h.member(admin, 'agent');
  otherAgent = await h.member(admin, 'agent');
  viewer = await h.member(admin, 'viewer');
  await admin.patch(`/api/v1/users/${agent.userId}`, { name: 'Anna Berger' });
  ida.company = (await created(admin, '/api/v1/companies', { name: 'Brandt & Vogel GmbH' })).id;
  ida.contact = (
    await created(admin, '/api/v1/contacts', {
      salutation: 'Frau',
      title: 'Dr.',
      firstName: 'Ida',
      lastName: 'Schmidt',
    })
  ).id;
  await created(admin, `/api/v1/contacts/${ida.contact}/affiliations`, { companyId: ida.company });
  ida.deal = (
    await created(admin, '/api/v1/deals', {
      title: 'Wartungsvertrag 2027',
      contactId: ida.contact,
      companyId: ida.company,
      amount: { amount: '12500.50', currency: 'EUR' },
    })
  ).id;
});
after(() => h.close());

describe('saving email templates', () => {
  test('a saved template reads back with its scope, owner, placeholders and ETag, and is listed', async () => {
    const res = await agent.post('/api/v1/email-templates', template());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.location, `/api/v1/email-templates/${res.body.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(res.body.scope, 'personal');
    assert.equal(res.body.ownerId, agent.userId);
    assert.equal(res.body.language, 'de');
    assert.equal(res.body.formality, 'formal');
    assert.equal(res.body.editable, true);
    assert.deepEqual(res.body.placeholders, [
      'contact.salutation',
      'company.name',
      'deal.title',
      'deal.value',
      'user.name',
    ]);
    const read = await agent.get(`/api/v1/email-templates/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
    const list = await agent.get('/api/v1/email-templates');
    assert.ok(list.body.data.some((t: { id: string }) => t.id === res.body.id));
    assert.equal((await agent.get('/api/v1/email-templates?language=en')).body.data.length, 0);
  });

  test('a change needs the current version; a deleted template is gone', async () => {
    const { id } = await created(agent, '/api/v1/email-templates', template({ name: 'Zu ändern' }));
    const changed = await agent.patch(
      `/api/v1/email-templates/${id}`,
      { name: 'Geändert', language: 'en', formality: 'informal' },
      { 'if-match': '"1"' },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.name, 'Geändert');
    assert.equal(changed.body.language, 'en');
    assert.equal(changed.body.version, 2);
    const stale = await agent.patch(`/api/v1/email-templates/${id}`, { name: 'Zu spät' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    assert.equal((await agent.delete(`/api/v1/email-templates/${id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await agent.delete(`/api/v1/email-templates/${id}`, { 'if-match': '"2"' })).status, 204);
    assert.equal((await agent.get(`/api/v1/email-templates/${id}`)).status, 404);
    assert.ok(!(await agent.get('/api/v1/email-templates')).body.data.some((t: { id: string }) => t.id === id));
  });

  test('unknown placeholders are refused with 422 naming each at its field, and nothing is saved', async () => {
    const before = (await agent.get('/api/v1/email-templates')).body.data.length;
    const res = await agent.post(
      '/api/v1/email-templates',
      template({
        subject: 'Hallo {{ Vorname }}',
        body: '<p>{{contact.salutation}} {{contact.shoeSize}} {{deal.titel}} {{contact.shoeSize}}</p>',
      }),
    );
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.code, 'unknown_placeholder');
    assert.match(res.body.detail, /\{\{Vorname\}\}, \{\{contact\.shoeSize\}\}, \{\{deal\.titel\}\}/);
    assert.match(res.body.detail, /\{\{contact\.salutation\}\}/, 'the detail lists the known ones');
    assert.deepEqual(
      res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]),
      [
        ['subject', 'unknown placeholder {{Vorname}}'],
        ['body', 'unknown placeholder {{contact.shoeSize}}'],
        ['body', 'unknown placeholder {{deal.titel}}'],
      ],
    );
    assert.equal((await agent.get('/api/v1/email-templates')).body.data.length, before);
    const { id } = await created(agent, '/api/v1/email-templates', template());
    const patched = await agent.patch(`/api/v1/email-templates/${id}`, { body: '<p>{{firma}}</p>' });
    assert.equal(patched.status, 422);
    assert.equal(patched.body.code, 'unknown_placeholder');
    assert.equal((await agent.get(`/api/v1/email-templates/${id}`)).body.version, 1);
  });

  test('the body is sanitised when saved: no scripts, handlers, styles, images or script links', async () => {
    const res = await agent.post(
      '/api/v1/email-templates',
      template({
        body:
          '<p onclick="steal()" style="color:red">Hallo <script>alert(1)</script><b>fett</b> <em>kursiv</em></p>' +
          '<img src="https://tracker.example/p.gif" onerror="alert(1)"><iframe src="https://evil.example"></iframe>' +
          '<ul><li><p>eins</p></li></ul><a href="javascript:alert(1)">klick</a> ' +
          '<a href="https://farley.example/?a=1&amp;b=2" target="_blank" onmouseover="x()">Link</a>' +
          '<style>p { display: none }</style>',
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(
      res.body.body,
      '<p>Hallo <b>fett</b> <em>kursiv</em></p><ul><li><p>eins</p></li></ul><a>klick</a> ' +
        '<a href="https://farley.example/?a=1&amp;b=2">Link</a>',
    );
  });

  test('bad input is a 400 naming the field', async () => {
    for (const [body, path] of [
      [{ ...template(), name: '' }, 'body.name'],
      [{ ...template(), language: 'fr' }, 'body.language'],
      [{ ...template(), scope: 'team' }, 'body.scope'],
      [{ ...template(), subject: 'x'.repeat(301) }, 'body.subject'],
      [{ ...template(), body: 'x'.repeat(100_001) }, 'body.body'],
      [{ ...template(), ownerId: admin.userId }, 'body'],
    ] as const) {
      const res = await agent.post('/api/v1/email-templates', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path.startsWith(path)),
        `${path}: ${JSON.stringify(res.body.errors)}`,
      );
    }
  });
});

describe('who sees and keeps which template', () => {
  test("workspace templates are managers' and admins': everyone sees them, agents cannot change them", async () => {
    assert.equal((await agent.post('/api/v1/email-templates', template({ scope: 'workspace' }))).status, 403);
    const shared = await created(
      manager,
      '/api/v1/email-templates',
      template({ scope: 'workspace', name: 'Für alle' }),
    );
    assert.equal(shared.scope, 'workspace');
    assert.equal(shared.ownerId, null);
    for (const client of [agent, viewer, admin]) {
      const read = await client.get(`/api/v1/email-templates/${shared.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.editable, client === admin);
    }
    assert.equal((await agent.patch(`/api/v1/email-templates/${shared.id}`, { name: 'Meins' })).status, 403);
    assert.equal((await agent.delete(`/api/v1/email-templates/${shared.id}`)).status, 403);
    assert.equal((await agent.post(`/api/v1/email-templates/${shared.id}/preview`, {})).status, 200);
    assert.equal((await viewer.post(`/api/v1/email-templates/${shared.id}/preview`, {})).status, 200);
    assert.equal((await admin.patch(`/api/v1/email-templates/${shared.id}`, { name: 'Für alle, neu' })).status, 200);
    assert.equal((await manager.delete(`/api/v1/email-templates/${shared.id}`)).status, 204);
  });

  test("a personal template is its owner's alone: others, managers and admins too, get 404", async () => {
    const own = await created(agent, '/api/v1/email-templates', template({ name: 'Nur meins' }));
    for (const client of [otherAgent, manager, admin, viewer]) {
      assert.equal((await client.get(`/api/v1/email-templates/${own.id}`)).status, 404);
      assert.equal((await client.post(`/api/v1/email-templates/${own.id}/preview`, {})).status, 404);
      assert.ok(!(await client.get('/api/v1/email-templates')).body.data.some((t: { id: string }) => t.id === own.id));
    }
    for (const client of [otherAgent, manager, admin]) {
      assert.equal((await client.patch(`/api/v1/email-templates/${own.id}`, { name: 'Fremd' })).status, 404);
      assert.equal((await client.delete(`/api/v1/email-templates/${own.id}`)).status, 404);
    }
    const after = await agent.get(`/api/v1/email-templates/${own.id}`);
    assert.equal(after.body.name, 'Nur meins');
    assert.equal(after.body.version, 1);
  });

  test("viewers read and preview but keep no templates; making one the workspace's is for managers", async () => {
    assert.equal((await viewer.post('/api/v1/email-templates', template())).status, 403);
    assert.equal((await viewer.get('/api/v1/email-templates')).status, 200);
    const draft = await viewer.post('/api/v1/email-templates/preview', { subject: 'x', body: '<p>{{user.name}}</p>' });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    const mine = await created(agent, '/api/v1/email-templates', template({ name: 'Soll für alle sein' }));
    assert.equal((await agent.patch(`/api/v1/email-templates/${mine.id}`, { scope: 'workspace' })).status, 403);
    const managers = await created(manager, '/api/v1/email-templates', template({ name: 'Wird für alle' }));
    const promoted = await manager.patch(`/api/v1/email-templates/${managers.id}`, { scope: 'workspace' });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.ownerId, null);
    assert.ok(
      (await otherAgent.get('/api/v1/email-templates')).body.data.some((t: { id: string }) => t.id === managers.id),
    );
  });

  test("another workspace's templates and records are not there", async () => {
    const other = await h.workspace('Andere');
    const theirs = await created(
      other,
      '/api/v1/email-templates',
      template({ scope: 'workspace', name: 'Fremde Vorlage' }),
    );
    assert.equal((await admin.get(`/api/v1/email-templates/${theirs.id}`)).status, 404);
    assert.equal((await admin.post(`/api/v1/email-templates/${theirs.id}/preview`, {})).status, 404);
    assert.equal((await admin.patch(`/api/v1/email-templates/${theirs.id}`, { name: 'Übernommen' })).status, 404);
    assert.equal((await admin.delete(`/api/v1/email-templates/${theirs.id}`)).status, 404);
    assert.ok(!JSON.stringify((await admin.get('/api/v1/email-templates')).body).includes('Fremde Vorlage'));
    const foreign = await other.post(`/api/v1/email-templates/${theirs.id}/preview`, { contactId: ida.contact });
    assert.equal(foreign.status, 422);
    assert.equal(foreign.body.code, 'missing_reference');
    assert.equal((await other.get(`/api/v1/email-templates/${theirs.id}`)).body.version, 1);
  });
});

describe('filling in a template', () => {
  test('from a deal: its contact and company, the amount in German, the salutation with the title', async () => {
    const { id } = await created(agent, '/api/v1/email-templates', template());
    const res = await agent.post(`/api/v1/email-templates/${id}/preview`, { dealId: ida.deal });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.subject, 'Ihr Angebot: Wartungsvertrag 2027');
    assert.equal(
      res.body.html,
      '<p>Sehr geehrte Frau Dr. Schmidt,</p><p>vielen Dank für Ihr Interesse an <strong>Wartungsvertrag 2027</strong> ' +
        'für Brandt &amp; Vogel GmbH über 12.500,50\u00a0€.</p><p>Mit freundlichen Grüßen<br />Anna Berger</p>',
    );
    assert.equal(
      res.body.text,
      'Sehr geehrte Frau Dr. Schmidt,\n\nvielen Dank für Ihr Interesse an Wartungsvertrag 2027 für Brandt & Vogel GmbH ' +
        'über 12.500,50\u00a0€.\n\nMit freundlichen Grüßen\nAnna Berger',
    );
    assert.deepEqual(res.body.missing, []);
    assert.deepEqual(res.body.unknown, []);
  });

  test('in English: Dear Dr Schmidt, the amount in euros and the date month first', async () => {
    const { id } = await created(
      agent,
      '/api/v1/email-templates',
      template({
        language: 'en',
        subject: '{{company.name}}, {{date.today}}',
        body: '<p>{{contact.salutation}}</p><p>{{deal.value}} – {{user.email}}</p>',
      }),
    );
    const res = await agent.post(`/api/v1/email-templates/${id}/preview`, { contactId: ida.contact, dealId: ida.deal });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.subject, `Brandt & Vogel GmbH, ${longDate('en')}`);
    assert.match(res.body.subject, /, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    assert.equal(res.body.html, `<p>Dear Dr Schmidt,</p><p>€12,500.50 – ${agent.email}</p>`);
  });

  test('the contact alone brings its primary company; the date is the German long date', async () => {
    const res = await agent.post('/api/v1/email-templates/preview', {
      subject: '{{contact.firstName}} {{contact.lastName}}',
      body: '<p>{{company.name}}, {{date.today}}</p>',
      contactId: ida.contact,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.subject, 'Ida Schmidt');
    assert.equal(res.body.text, `Brandt & Vogel GmbH, ${longDate('de')}`);
    assert.match(longDate('de'), /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}$/);
  });

  test('informal: Hallo and the first name', async () => {
    const res = await agent.post('/api/v1/email-templates/preview', {
      formality: 'informal',
      subject: 'Kurz',
      body: '<p>{{contact.salutation}}</p>',
      contactId: ida.contact,
    });
    assert.equal(res.body.text, 'Hallo Ida,');
  });

  test('without records: what is missing is listed and written as nothing; the salutation greets everyone', async () => {
    const { subject, body } = template();
    const res = await agent.post('/api/v1/email-templates/preview', { subject, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.subject, 'Ihr Angebot:');
    assert.deepEqual(res.body.missing, ['contact.salutation', 'company.name', 'deal.title', 'deal.value']);
    assert.match(
      res.body.text,
      /^Sehr geehrte Damen und Herren,\n\nvielen Dank für Ihr Interesse an {2}für {2}über \.\n/,
    );
    assert.match(res.body.text, /Anna Berger$/);
  });

  test('an unsaved template may hold unknown names: listed and left as typed', async () => {
    const res = await agent.post('/api/v1/email-templates/preview', {
      subject: '{{Betreff}}',
      body: '<p>{{contact.vorname}} {{contact.firstName}}</p>',
      contactId: ida.contact,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.unknown, ['Betreff', 'contact.vorname']);
    assert.equal(res.body.html, '<p>{{contact.vorname}} Ida</p>');
  });

  test('values are HTML-escaped in the body and never become markup, also in a link', async () => {
    const { id: hostile } = await created(admin, '/api/v1/contacts', {
      salutation: 'Herr',
      firstName: 'javascript:alert(1)',
      lastName: '<script>alert("x")</script>"><img src=x onerror=alert(1)>',
    });
    const res = await agent.post('/api/v1/email-templates/preview', {
      subject: 'Für {{contact.lastName}}',
      body: '<p>{{contact.salutation}} <a href="{{contact.firstName}}">Link</a> {{contact.lastName}}</p>',
      contactId: hostile,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { html } = res.body as { html: string };
    const escaped = '&lt;script&gt;alert("x")&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(1)&gt;';
    assert.equal(html, `<p>Sehr geehrter Herr ${escaped}, <a>Link</a> ${escaped}</p>`);
    assert.deepEqual(
      [...html.matchAll(/<[^>]*>/g)].map((tag) => tag[0]),
      ['<p>', '<a>', '</a>', '</p>'],
      "the only tags are the template's own",
    );
    assert.equal(res.body.subject, 'Für <script>alert("x")</script>"><img src=x onerror=alert(1)>');
    assert.match(res.body.text, /^Sehr geehrter Herr <script>/);
  });

  test('records that are not there are 422 naming the field', async () => {
    const { id: gone } = await created(admin, '/api/v1/contacts', { lastName: 'Weg' });
    assert.equal((await admin.delete(`/api/v1/contacts/${gone}`)).status, 204);
    for (const [records, path] of [
      [{ contactId: gone }, 'contactId'],
      [{ contactId: crypto.randomUUID() }, 'contactId'],
      [{ companyId: crypto.randomUUID() }, 'companyId'],
      [{ dealId: crypto.randomUUID() }, 'dealId'],
    ] as const) {
      const res = await agent.post('/api/v1/email-templates/preview', { subject: 'x', body: '', ...records });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.code, 'missing_reference');
      assert.equal(res.body.errors[0].path, path);
    }
    assert.equal(
      (await agent.post('/api/v1/email-templates/preview', { subject: 'x', body: '', contactId: 'x' })).status,
      400,
    );
  });

  test("renderTemplate fills a saved template by id, or an unsaved one, in the caller's transaction", async () => {
    const { id } = await created(agent, '/api/v1/email-templates', template());
    const actor = {
      workspaceId: agent.workspaceId,
      userId: agent.userId,
      role: 'agent' as const,
      via: 'token' as const,
    };
    const saved = await inTenant(h.ctx.db.app, actor, (tx) => renderTemplate(tx, actor, id, { dealId: ida.deal }));
    assert.equal(saved.subject, 'Ihr Angebot: Wartungsvertrag 2027');
    const unsaved = await inTenant(h.ctx.db.app, actor, (tx) =>
      renderTemplate(
        tx,
        actor,
        { language: 'en', subject: '{{contact.salutation}}', body: '' },
        { contactId: ida.contact },
      ),
    );
    assert.equal(unsaved.subject, 'Dear Dr Schmidt,');
    const someoneElse = { ...actor, userId: otherAgent.userId };
    await assert.rejects(
      inTenant(h.ctx.db.app, someoneElse, (tx) => renderTemplate(tx, someoneElse, id)),
      (error: { kind?: string }) => error.kind === 'not_found',
    );
  });
});
