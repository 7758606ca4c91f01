// Property-based fuzzing of every route in the OpenAPI document: hostile bodies, query strings,
// path ids and headers must never cause a 5xx, and every 4xx must be a problem document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import { bodyText, knownIds, pathSegment, queryString } from './hostile.ts';
import { isFieldErrorCode, isProblemCode } from '../../contract/problems.ts';

interface Operation {
  method: string;
  path: string;
  tag: string;
  queryNames: string[];
  pathSchemas: Record<string, Record<string, unknown>>;
  body?: Record<string, unknown>;
}

let h: Harness;
let admin: Client;
const operations: Operation[] = [];
let components: Record<string, Record<string, unknown>> = {};
const runsPerGroup = Number(process.env.FARLEY_FUZZ_RUNS ?? 300);

// Each request from its own address: failed sign-ins must not lock out other tests' address.
const anyAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

function assertWellFormed(res: LightMyRequestResponse, what: string) {
  const detail = `${what} → ${res.statusCode} ${res.body.slice(0, 500)}`;
  assert.ok(res.statusCode < 500, detail);
  if (res.statusCode >= 400) {
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, detail);
    const problem = res.json();
    assert.equal(problem.status, res.statusCode, detail);
    assert.equal(typeof problem.title, 'string', detail);
    assert.equal(typeof problem.detail, 'string', detail);
    assert.ok(isProblemCode(problem.code), `a registered problem code: ${detail}`);
    for (const field of problem.errors ?? []) assert.ok(isFieldErrorCode(field.code), `a field code: ${detail}`);
  }
}

before(async () => {
  h = await harness();
  admin = await h.workspace('Fuzz GmbH');
  const doc = await h.raw({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(doc.statusCode, 200, doc.body);
  const { paths, components: c } = doc.json();
  components = c?.schemas ?? {};
  for (const [path, item] of Object.entries<Record<string, any>>(paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const parameters: any[] = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        tag: op.tags?.[0] ?? 'Other',
        queryNames: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        pathSchemas: Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema])),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  // Some real records, so that fuzzed ids sometimes hit something that exists.
  await admin.post('/api/v1/companies', { name: 'Fuzz Ziel GmbH', tags: ['a'] });
  await admin.post('/api/v1/teams', { name: 'Fuzz Team', memberIds: [admin.userId] });
  const ownTokenId = admin.token.split('.')[2];
  const ids: string[] = [];
  for (const op of operations.filter(
    (o) => o.method === 'GET' && !o.path.includes('{') && o.queryNames.includes('limit'),
  )) {
    const list = await admin.get(`${op.path}?limit=3`);
    for (const row of list.body?.data ?? []) if (row.id && row.id !== ownTokenId) ids.push(row.id);
  }
  knownIds(ids);
});
after(() => h.close());

/** One fuzzed request against one of the given operations. */
function requestFor(ops: Operation[]) {
  return fc.constantFrom(...ops).chain((op) => {
    const params = Object.keys(op.pathSchemas);
    return fc.record({
      op: fc.constant(op),
      segments: fc.tuple(...params.map((name) => pathSegment(op.pathSchemas[name], components))),
      query: queryString(op.queryNames),
      body: fc.option(bodyText(op.body, components), { freq: 6, nil: undefined }),
      ifMatch: fc.option(fc.constantFrom('"1"', '"0"', 'W/"1"', '*', 'garbage', '"99999999999"', '"-1"', ''), {
        freq: 3,
        nil: undefined,
      }),
      asViewer: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    });
  });
}

let viewer: Client;

describe('hostile input never causes a 5xx', () => {
  before(async () => {
    viewer = await h.member(admin, 'viewer');
  });

  test('every route of the OpenAPI document is fuzzed', () => {
    assert.ok(operations.length > 10, 'the document lists the routes');
    assert.ok(operations.some((o) => o.path === '/api/v1/companies' && o.method === 'POST'));
  });

  const groups = [
    'Authentication',
    'Users',
    'Teams',
    'API tokens',
    'Companies',
    'Contacts',
    'Pipelines',
    'Deals',
    'Activities',
    'Tasks',
    'Search',
    'Audit log',
    'Other',
  ];
  for (const group of groups) {
    test(`no request to the ${group} routes causes a 5xx or an error that is not a problem document`, async () => {
      const ops = operations.filter((o) => o.tag === group || (group === 'Other' && !groups.includes(o.tag)));
      // Every route belongs to a named group; "Other" catches routes added under a new tag.
      if (group === 'Other' && ops.length === 0) return;
      assert.ok(ops.length > 0, `the document has ${group} routes`);
      await fc.assert(
        fc.asyncProperty(requestFor(ops), async ({ op, segments, query, body, ifMatch, asViewer }) => {
          let i = 0;
          const url = op.path.replace(/\{[^}]+\}/g, () => segments[i++]) + query;
          const headers: Record<string, string> = { authorization: `Bearer ${(asViewer ? viewer : admin).token}` };
          if (body !== undefined) headers['content-type'] = 'application/json';
          if (ifMatch !== undefined) headers['if-match'] = ifMatch;
          const res = await h.raw({
            method: op.method as 'GET',
            url,
            headers,
            remoteAddress: anyAddress(),
            ...(body === undefined ? {} : { payload: body }),
          });
          assertWellFormed(res, `${op.method} ${url} ${body?.slice(0, 300) ?? ''}`);
        }),
        { numRuns: runsPerGroup },
      );
    });
  }
});

describe('bodies that are not JSON', () => {
  const bodyRoutes = () => operations.filter((o) => o.body);
  const send = (op: Operation, payload: string | Buffer, headers: Record<string, string>) =>
    h.raw({
      method: op.method as 'POST',
      url: op.path.replace(/\{[^}]+\}/g, () => crypto.randomUUID()),
      payload,
      headers: { authorization: `Bearer ${admin.token}`, ...headers },
      remoteAddress: anyAddress(),
    });

  test('other content types are refused with a 4xx problem', async () => {
    const types = [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'json',
      'application/jsonx',
      '*/*',
    ];
    for (const op of bodyRoutes()) {
      for (const type of types) {
        const res = await send(op, 'name=x', { 'content-type': type });
        assertWellFormed(res, `${op.method} ${op.path} as ${type}`);
        assert.ok(res.statusCode >= 400, `${op.method} ${op.path} as ${type} → ${res.statusCode}`);
      }
    }
  });

  test('an empty body declared as JSON is a 400 problem', async () => {
    for (const op of bodyRoutes()) {
      const res = await send(op, '', { 'content-type': 'application/json' });
      assertWellFormed(res, `${op.method} ${op.path}`);
      assert.equal(res.statusCode, 400, `${op.method} ${op.path}`);
    }
  });

  test('malformed JSON is a 400 problem', async () => {
    const broken = [
      '{',
      '{"name":',
      '{"name":"x"',
      "{'name':'x'}",
      '{name:"x"}',
      '{"name":"x",}',
      'nul',
      '\u0000',
      '{"a":"\\x"}',
      '\ud800',
    ];
    for (const op of bodyRoutes()) {
      for (const text of broken) {
        const res = await send(op, text, { 'content-type': 'application/json' });
        assertWellFormed(res, `${op.method} ${op.path} ${JSON.stringify(text)}`);
        assert.equal(res.statusCode, 400, `${op.method} ${op.path} ${JSON.stringify(text)}`);
      }
    }
  });

  test('invalid UTF-8 in a JSON body is a 4xx problem', async () => {
    for (const op of bodyRoutes()) {
      const bytes = Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xff]),
        Buffer.from('"}'),
      ]);
      assertWellFormed(await send(op, bytes, { 'content-type': 'application/json' }), `${op.method} ${op.path}`);
    }
  });

  test('a NUL character in a text or JSON field is a 400 problem', async () => {
    for (const body of [
      { name: 'a\u0000b' },
      { name: 'X', addresses: [{ label: 'a\u0000b' }] },
      { name: 'X', tags: ['\u0000'] },
    ]) {
      const res = await admin.post('/api/v1/companies', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('a body over 1 MB is a 413 problem', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    // Sending an email takes its attachments in the body (up to 40 MB, tested in emails.test.ts).
    for (const op of bodyRoutes().filter((o) => !(o.method === 'POST' && o.path === '/api/v1/emails'))) {
      const res = await send(op, huge, { 'content-type': 'application/json' });
      assertWellFormed(res, `${op.method} ${op.path}`);
      assert.equal(res.statusCode, 413, `${op.method} ${op.path}`);
    }
  });
});

describe('query strings naming prototype members', () => {
  test('sorting or filtering by toString, __proto__ or constructor is a 400 problem on every list', async () => {
    const lists = operations.filter(
      (o) => o.method === 'GET' && o.queryNames.includes('sort') && !o.path.includes('{'),
    );
    assert.ok(lists.length > 3);
    for (const op of lists) {
      for (const query of [
        'sort=toString',
        'sort=-__proto__',
        'sort=constructor',
        'sort=hasOwnProperty',
        '__proto__=1',
        'constructor.in=a',
        'toString.empty=true',
      ]) {
        const res = await admin.get(`${op.path}?${query}`);
        assert.equal(res.status, 400, `${op.path}?${query} → ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    }
  });
});
