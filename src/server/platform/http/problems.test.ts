// Problem codes (src/contract/problems.ts): every kind of problem the API answers carries a
// code of the registry, field errors carry field codes, and a code outside the registry
// cannot leave the server unnoticed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { harness, uniqueEmail, type Client, type Harness } from '../../testing/harness.ts';
import {
  type FieldErrorCode,
  type ProblemCode,
  fieldErrorCodeList,
  isFieldErrorCode,
  isProblemCode,
  problemCodeList,
  problemCodes,
} from '../../../contract/problems.ts';
import { AppError, badRequest, conflict, forbidden, inTrash, invalid, notFound } from '../errors.ts';
import { fromDatabase, installProblemHandlers } from './problems.ts';

let h: Harness;
let admin: Client;
let other: Client;

before(async () => {
  h = await harness();
  admin = await h.workspace('Codes GmbH');
  other = await h.workspace('Andere GmbH');
});
after(() => h.close());

const anyAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

/** Asserts a problem answer: its status, its code, and that everything in it is registered. */
function assertProblem(reply: { status: number; body: Problem }, status: number, code: ProblemCode) {
  const what = JSON.stringify(reply.body);
  assert.equal(reply.status, status, what);
  assert.equal(reply.body.code, code, what);
  assert.equal(problemCodes[code][0], status, `the registry gives ${code} the status ${status}`);
  assert.equal(typeof reply.body.detail, 'string');
  for (const field of reply.body.errors ?? []) assert.ok(isFieldErrorCode(field.code), what);
}

interface Problem {
  code: string;
  detail: string;
  errors?: Array<{ path: string; code: string }>;
}

const raw = async (options: Parameters<Harness['raw']>[0]) => {
  const response = await h.raw(options);
  return { status: response.statusCode, body: response.json() };
};

describe('the registry', () => {
  test('every code has a status and a description, and codes are snake_case', () => {
    for (const code of problemCodeList) {
      assert.match(code, /^[a-z]+(_[a-z]+)*$/);
      const [status, description] = problemCodes[code];
      assert.ok(status >= 400 && status < 600 && description.length > 10, code);
    }
    for (const code of fieldErrorCodeList) assert.match(code, /^[a-z]+(_[a-z]+)*$/);
  });

  test('docs/api.md lists every problem code and field error code', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../../../../docs/api.md'), 'utf8');
    for (const code of [...problemCodeList, ...fieldErrorCodeList])
      assert.match(doc, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code);
  });

  test('the helpers of errors.ts give every error a registered code', () => {
    for (const error of [
      notFound('contact'),
      inTrash('contact'),
      forbidden(),
      invalid([{ path: 'x', message: 'y' }]),
      conflict('no'),
      badRequest('no'),
      new AppError('precondition_failed', 'stale'),
      new AppError('too_many_requests', 'slow down'),
      new AppError('unavailable', 'later'),
    ]) {
      assert.ok(isProblemCode(error.code), `${error.kind} → ${error.code}`);
    }
  });

  test('every database error mapped to a client error has a registered code of its status', () => {
    for (const code of ['23505', '23503', '23514', '22001', '22003', '22007', '22P02', '22021', '22P05', '54000']) {
      const [status, problem] = fromDatabase({ code })!;
      assert.equal(problemCodes[problem][0], status, code);
    }
    for (const code of ['40001', '57014', '25P03', '57P01', '08006']) {
      assert.equal(fromDatabase({ code })![0], 503, code);
    }
    assert.equal(fromDatabase({ code: '23505' })![1], 'duplicate');
    assert.equal(fromDatabase({ message: 'Connection terminated unexpectedly' })![1], 'database_unavailable');
  });

  test('an AppError with a code outside the registry is answered as a server fault, not passed on', async () => {
    const app = Fastify({ logger: false });
    installProblemHandlers(app);
    const unknown = 'misspelt_code' as ProblemCode;
    app.get('/bad', async () => {
      throw new AppError('not_found', 'gone', undefined, undefined, unknown);
    });
    app.get('/bad-field', async () => {
      throw invalid([{ path: 'x', message: 'y', code: 'no_such_field_code' as FieldErrorCode }]);
    });
    app.get('/good', async () => {
      throw notFound('contact');
    });
    for (const url of ['/bad', '/bad-field']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 500);
      assert.equal(response.json().code, 'internal');
    }
    assert.equal((await app.inject({ url: '/good' })).json().code, 'not_found');
    await app.close();
  });
});

describe('every kind of problem the API answers has its code', () => {
  test('a body that breaks the schema: validation, with a field code per field', async () => {
    const reply = await admin.post('/api/v1/companies', { name: ' ', emails: [{ email: 'nope' }], shoeSize: 3 });
    assertProblem(reply, 400, 'validation');
    const codes = Object.fromEntries(reply.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]));
    assert.equal(codes['body.name'], 'required');
    assert.equal(codes['body.emails.0.email'], 'invalid_email');
    assert.equal(codes['body.shoeSize'], 'unknown_field');
    const missing = await admin.post('/api/v1/companies', {});
    assert.equal(missing.body.errors[0].code, 'required');
    const long = await admin.post('/api/v1/contacts', { lastName: 'x'.repeat(300) });
    assert.equal(long.body.errors[0].code, 'too_long');
  });

  test('a malformed id in the path: malformed_id', async () => {
    assertProblem(await admin.get('/api/v1/contacts/not-an-id'), 400, 'malformed_id');
    assertProblem(await admin.get('/api/v1/deals/12345'), 400, 'malformed_id');
  });

  test('a record that does not exist, or lives in another workspace: not_found', async () => {
    assertProblem(await admin.get(`/api/v1/contacts/${crypto.randomUUID()}`), 404, 'not_found');
    const theirs = await other.post('/api/v1/contacts', { lastName: 'Fremd' });
    assertProblem(await admin.get(`/api/v1/contacts/${theirs.body.id}`), 404, 'not_found');
  });

  test("a trashed record of the caller's workspace: in_trash; of another workspace: not_found", async () => {
    for (const [path, body] of [
      ['contacts', { lastName: 'Papierkorb' }],
      ['companies', { name: 'Alt GmbH' }],
      ['tasks', { title: 'Alte Aufgabe' }],
      ['deals', { title: 'Alte Verkaufschance' }],
    ] as const) {
      const created = await admin.post(`/api/v1/${path}`, body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await admin.delete(`/api/v1/${path}/${created.body.id}`)).status, 204);
      assertProblem(await admin.get(`/api/v1/${path}/${created.body.id}`), 404, 'in_trash');
      assertProblem(await other.get(`/api/v1/${path}/${created.body.id}`), 404, 'not_found');
    }
  });

  test('restoring a record that is not in the trash: not_in_trash', async () => {
    const created = await admin.post('/api/v1/contacts', { lastName: 'Lebendig' });
    assertProblem(await admin.post(`/api/v1/contacts/${created.body.id}/restore`), 409, 'not_in_trash');
  });

  test('a stale version: stale_version; an If-Match that is no ETag: invalid_if_match', async () => {
    const created = await admin.post('/api/v1/contacts', { lastName: 'Version' });
    const stale = await admin.patch(`/api/v1/contacts/${created.body.id}`, { firstName: 'A' }, { 'if-match': '"99"' });
    assertProblem(stale, 412, 'stale_version');
    const bad = await admin.patch(`/api/v1/contacts/${created.body.id}`, { firstName: 'A' }, { 'if-match': 'soon' });
    assertProblem(bad, 400, 'invalid_if_match');
  });

  test('a rule broken by a value: invalid, with the field code', async () => {
    const reply = await admin.post('/api/v1/contacts', {
      lastName: 'Post',
      phones: [{ number: '123' }],
      addresses: [{ postalCode: '123', country: 'DE' }],
    });
    assertProblem(reply, 422, 'invalid');
    const codes = Object.fromEntries(reply.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]));
    assert.deepEqual(codes, { 'phones.0.number': 'invalid_phone', 'addresses.0.postalCode': 'invalid_format' });
  });

  test('a reference to a record that does not exist: missing_reference', async () => {
    const reply = await admin.post('/api/v1/deals', { title: 'Ohne Firma', companyId: crypto.randomUUID() });
    assertProblem(reply, 422, 'missing_reference');
    assert.equal(reply.body.errors[0].code, 'not_found');
  });

  test('lookup: invalid_phone, invalid_email, lookup_needs_one', async () => {
    assertProblem(await admin.get('/api/v1/lookup?phone=abc'), 400, 'invalid_phone');
    assertProblem(await admin.get('/api/v1/lookup?email=nobody'), 400, 'invalid_email');
    assertProblem(await admin.get('/api/v1/lookup'), 400, 'lookup_needs_one');
  });

  test('search and lists: search_too_short, invalid_sort, invalid_filter, invalid_cursor', async () => {
    assertProblem(await admin.get('/api/v1/search?q=12'), 400, 'search_too_short');
    assertProblem(await admin.get('/api/v1/contacts?sort=shoeSize'), 400, 'invalid_sort');
    assertProblem(await admin.get('/api/v1/contacts?createdAt.gt=yesterday'), 400, 'invalid_filter');
    assertProblem(await admin.get('/api/v1/contacts?cursor=nonsense'), 400, 'invalid_cursor');
  });

  test('sign-in with a wrong password: wrong_credentials; without credentials: unauthenticated', async () => {
    const wrong = await raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email, password: 'wrong horse' },
      remoteAddress: anyAddress(),
    });
    assertProblem(wrong, 401, 'wrong_credentials');
    const unknown = await raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: uniqueEmail(), password: 'whatever it is' },
      remoteAddress: anyAddress(),
    });
    assertProblem(unknown, 401, 'wrong_credentials');
    assertProblem(await raw({ method: 'GET', url: '/api/v1/contacts' }), 401, 'unauthenticated');
    const token = await raw({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: 'Bearer nope' } });
    assertProblem(token, 401, 'invalid_token');
  });

  test('a role that may not: forbidden; a cookie write without CSRF token: csrf_missing', async () => {
    const viewer = await h.member(admin, 'viewer');
    assertProblem(await viewer.post('/api/v1/contacts', { lastName: 'Nein' }), 403, 'forbidden');
    const login = await h.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email, password: 'correct horse battery' },
      remoteAddress: anyAddress(),
    });
    const cookie = login.cookies.find((c) => c.name === 'farley_session')!.value;
    const write = await raw({
      method: 'POST',
      url: '/api/v1/contacts',
      cookies: { farley_session: cookie },
      payload: { lastName: 'Ohne Token' },
    });
    assertProblem(write, 403, 'csrf_missing');
  });

  test('framework problems: no_route, invalid_json, unsupported_media_type, body_too_large, invalid_url', async () => {
    assertProblem(await admin.get('/api/v1/nothing-here'), 404, 'no_route');
    const headers = { authorization: `Bearer ${admin.token}` };
    const json = await raw({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"lastName":',
    });
    assertProblem(json, 400, 'invalid_json');
    const text = await raw({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...headers, 'content-type': 'application/xml' },
      payload: '<lastName>x</lastName>',
    });
    assertProblem(text, 415, 'unsupported_media_type');
    const large = await raw({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ lastName: 'x', notes: 'x'.repeat(1_100_000) }),
    });
    assertProblem(large, 413, 'body_too_large');
    assertProblem(await raw({ method: 'GET', url: '/api/v1/contacts/%zz', headers }), 400, 'invalid_url');
  });

  test('a name taken already: duplicate; a rule of the current state: conflict', async () => {
    const view = {
      name: 'Meine Liste',
      resource: 'contacts',
      config: { columns: ['lastName'], sort: null, filters: [] },
    };
    assert.equal((await admin.post('/api/v1/views', view)).status, 201);
    assertProblem(await admin.post('/api/v1/views', view), 409, 'duplicate');
    const me = await admin.patch(`/api/v1/users/${admin.userId}`, { role: 'agent' });
    assertProblem(me, 409, 'conflict');
  });
});
