// Role rules across every record resource the OpenAPI document lists, the policy table
// (platform/policy.ts) walked on every route and by the services that ask it, the start-up
// refusal of a route without a policy, plus the 401 rules for missing, garbage and tampered
// credentials.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { harness, type Client, type Harness } from '../testing/harness.ts';
import type { AppContext } from '../platform/context.ts';
import {
  type Action,
  authorize,
  can,
  leastRole,
  policy,
  type Resource,
  roleAtLeast,
  type Role,
  type RoutePolicy,
} from '../platform/policy.ts';
import { installAuthHooks } from '../modules/auth/auth.hooks.ts';

let h: Harness;
let admin: Client;
const callers = {} as Record<Role, Client>;
const operations: Array<{ method: string; path: string; public: boolean; policy?: RoutePolicy }> = [];
let resources: string[] = [];

const problemType = 'application/problem+json; charset=utf-8';
const roles: Role[] = ['viewer', 'agent', 'manager', 'admin'];
const someId = () => crypto.randomUUID();
const fill = (path: string) => path.replace(/\{[^}]+\}/g, () => someId());

/** The least role per resource and kind of access, where it differs from the default rule. */
const rules: Record<string, Partial<Record<'read' | 'write' | 'delete', Role>>> = {
  users: { write: 'admin', delete: 'admin' },
  teams: { write: 'admin', delete: 'admin' },
  'api-tokens': { read: 'admin', write: 'admin', delete: 'admin' },
  pipelines: { write: 'manager' },
  products: { delete: 'agent' },
  'price-lists': { write: 'manager' },
  quotes: { delete: 'agent' },
  orders: { delete: 'agent' },
};
const needed = (resource: string, access: 'read' | 'write' | 'delete'): Role =>
  rules[resource]?.[access] ?? ({ read: 'viewer', write: 'agent', delete: 'manager' }[access] as Role);

before(async () => {
  h = await harness();
  admin = await h.workspace();
  for (const role of roles) callers[role] = role === 'admin' ? admin : await h.member(admin, role);
  const doc = await h.raw({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(doc.statusCode, 200, `the OpenAPI document is served: ${doc.body}`);
  type Operation = { security?: unknown[]; 'x-farley-policy'?: { action: string; resource: string } };
  for (const [path, item] of Object.entries<Record<string, Operation>>(doc.json().paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const isPublic =
        (Array.isArray(operation.security) && operation.security.length === 0) || path === '/api/v1/auth/logout';
      const stated = operation['x-farley-policy'];
      const policy = stated ? ([stated.action, stated.resource] as RoutePolicy) : undefined;
      operations.push({ method: method.toUpperCase(), path, public: isPublic, policy });
    }
  }
  resources = operations
    .map((o) => /^\/api\/v1\/([a-z-]+)\/\{id\}\/restore$/.exec(o.path)?.[1])
    .filter((r): r is string => Boolean(r));
});
after(() => h.close());

/** Every call of a record resource, with the access it needs. */
function recordCalls(resource: string) {
  const base = `/api/v1/${resource}`;
  return [
    { access: 'read', method: 'GET', url: base },
    { access: 'read', method: 'GET', url: `${base}/${someId()}` },
    { access: 'write', method: 'POST', url: base, body: {} },
    { access: 'write', method: 'PATCH', url: `${base}/${someId()}`, body: {} },
    { access: 'delete', method: 'DELETE', url: `${base}/${someId()}` },
    { access: 'delete', method: 'POST', url: `${base}/${someId()}/restore` },
  ] as const;
}

describe('roles', () => {
  test('the core record resources are all in the OpenAPI document', () => {
    for (const name of ['companies', 'users', 'teams', 'api-tokens']) assert.ok(resources.includes(name), name);
  });

  for (const role of roles) {
    test(`${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} is refused with a 403 problem exactly where the role rules say so`, async () => {
      for (const resource of resources) {
        for (const call of recordCalls(resource)) {
          const res = await callers[role].request(call.method, call.url, 'body' in call ? call.body : undefined);
          const label = `${role} ${call.method} ${call.url} → ${res.status} ${JSON.stringify(res.body)}`;
          if (roleAtLeast(role, needed(resource, call.access))) {
            assert.ok(res.status !== 401 && res.status !== 403 && res.status < 500, label);
          } else {
            assert.equal(res.status, 403, label);
            assert.equal(res.headers['content-type'], problemType, label);
            assert.equal(res.body.status, 403);
          }
        }
      }
    });
  }

  test('a viewer reads companies but cannot create, change, delete or restore one', async () => {
    const { body: company } = await admin.post('/api/v1/companies', { name: 'Leseprobe GmbH' });
    const viewer = callers.viewer;
    assert.equal((await viewer.get(`/api/v1/companies/${company.id}`)).status, 200);
    assert.equal((await viewer.get('/api/v1/companies')).status, 200);
    assert.equal((await viewer.post('/api/v1/companies', { name: 'Nein GmbH' })).status, 403);
    assert.equal((await viewer.patch(`/api/v1/companies/${company.id}`, { name: 'Nein' })).status, 403);
    assert.equal((await viewer.delete(`/api/v1/companies/${company.id}`)).status, 403);
    assert.equal((await admin.delete(`/api/v1/companies/${company.id}`)).status, 204);
    assert.equal((await viewer.post(`/api/v1/companies/${company.id}/restore`)).status, 403);
    assert.equal((await viewer.get('/api/v1/companies?trashed=true')).status, 200);
  });

  test('an agent creates and changes companies but cannot delete or restore them', async () => {
    const agent = callers.agent;
    const created = await agent.post('/api/v1/companies', { name: 'Agentur AG' });
    assert.equal(created.status, 201);
    assert.equal((await agent.patch(`/api/v1/companies/${created.body.id}`, { industry: 'Werbung' })).status, 200);
    assert.equal((await agent.delete(`/api/v1/companies/${created.body.id}`)).status, 403);
    assert.equal((await callers.manager.delete(`/api/v1/companies/${created.body.id}`)).status, 204);
    assert.equal((await agent.post(`/api/v1/companies/${created.body.id}/restore`)).status, 403);
  });

  test('a manager deletes and restores records but cannot manage users, teams or tokens', async () => {
    const manager = callers.manager;
    const { body: company } = await manager.post('/api/v1/companies', { name: 'Leitung KG' });
    assert.equal((await manager.delete(`/api/v1/companies/${company.id}`)).status, 204);
    assert.equal((await manager.post(`/api/v1/companies/${company.id}/restore`)).status, 200);
    const refusals = [
      await manager.post('/api/v1/users', { email: `m-${someId()}@test.farley.example`, name: 'Neu', role: 'agent' }),
      await manager.patch(`/api/v1/users/${callers.agent.userId}`, { role: 'admin' }),
      await manager.patch(`/api/v1/users/${manager.userId}`, { role: 'admin' }),
      await manager.delete(`/api/v1/users/${callers.agent.userId}`),
      await manager.post('/api/v1/teams', { name: 'Schatten-Team' }),
      await manager.post('/api/v1/api-tokens', { name: 'Hintertür', userId: admin.userId }),
      await manager.get('/api/v1/api-tokens'),
    ];
    for (const res of refusals) assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal((await admin.get(`/api/v1/users/${manager.userId}`)).body.role, 'manager');
  });

  test('an admin can do all of it', async () => {
    const { body: company } = await admin.post('/api/v1/companies', { name: 'Alles Erlaubt GmbH' });
    assert.equal((await admin.patch(`/api/v1/companies/${company.id}`, { industry: 'Handel' })).status, 200);
    assert.equal((await admin.delete(`/api/v1/companies/${company.id}`)).status, 204);
    assert.equal((await admin.post(`/api/v1/companies/${company.id}/restore`)).status, 200);
    const { body: team } = await admin.post('/api/v1/teams', { name: 'Admins', memberIds: [admin.userId] });
    assert.equal((await admin.delete(`/api/v1/teams/${team.id}`)).status, 204);
    const { body: token } = await admin.post('/api/v1/api-tokens', { name: 'Admin', userId: callers.viewer.userId });
    assert.equal((await admin.get(`/api/v1/api-tokens/${token.id}`)).status, 200);
    assert.equal((await admin.delete(`/api/v1/api-tokens/${token.id}`)).status, 204);
  });

  test('without credentials every non-public route answers a 401 problem', async () => {
    assert.ok(operations.length > 10);
    for (const op of operations.filter((o) => !o.public)) {
      const res = await h.raw({
        method: op.method as 'GET',
        url: fill(op.path),
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }),
      });
      assert.equal(res.statusCode, 401, `${op.method} ${op.path} → ${res.body}`);
      assert.equal(res.headers['content-type'], problemType);
    }
  });

  test('a garbage or tampered bearer token is a 401 problem everywhere', async () => {
    const [prefix, workspaceId, tokenId, secret] = admin.token.split('.');
    const other = await h.workspace();
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    const bad = [
      'garbage',
      'fy1',
      `${admin.token}x`,
      admin.token.slice(0, -1),
      admin.token.toUpperCase(),
      [prefix, workspaceId, tokenId, flip(secret)].join('.'),
      [prefix, other.workspaceId, tokenId, secret].join('.'),
      [prefix, workspaceId, someId(), secret].join('.'),
      [prefix, workspaceId, admin.userId, secret].join('.'),
      ['fy2', workspaceId, tokenId, secret].join('.'),
      `${admin.token}\u0000`,
      `${'a'.repeat(5000)}`,
    ];
    const targets = [
      { method: 'GET', path: '/api/v1/companies' },
      { method: 'POST', path: '/api/v1/companies' },
      ...operations.filter((o) => !o.public),
    ];
    for (const [i, token] of bad.entries()) {
      // Each bad token against a different slice of the routes: all of them get covered, quickly.
      for (const op of [...targets.slice(0, 2), ...targets.slice(2).filter((_, j) => j % bad.length === i)]) {
        const res = await h.raw({
          method: op.method as 'GET',
          url: fill(op.path),
          headers: { authorization: `Bearer ${token}` },
          ...(op.method === 'POST' ? { payload: { name: 'X' } } : {}),
        });
        assert.equal(res.statusCode, 401, `${op.method} ${op.path} with ${token.slice(0, 80)} → ${res.body}`);
        assert.equal(res.headers['content-type'], problemType);
      }
    }
    assert.equal((await admin.get('/api/v1/companies')).status, 200, 'the real token still works');
  });

  test('a request to an encoded API path gets the same checks as the plain one', async () => {
    // The router decodes %61 to "a" and %76 to "v": these paths reach the same routes.
    const spellings = (path: string) => [
      path,
      path.replace('/api/', '/%61pi/'),
      path.replace('/v1/', '/%761/'),
      path.replace('/api/v1/', '/%61%70%69/%76%31/'),
    ];
    const login = await h.raw({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: callers.agent.email, password: 'correct horse battery' },
    });
    const cookie = login.cookies.find((c) => c.name === 'farley_session')?.value;
    assert.ok(cookie, login.body);
    const cases = [
      { name: 'no credentials', method: 'GET', path: '/api/v1/companies', headers: {}, status: 401 },
      {
        name: 'a viewer writing',
        method: 'POST',
        path: '/api/v1/companies',
        headers: { authorization: `Bearer ${callers.viewer.token}` },
        payload: { name: 'Verboten GmbH' },
        status: 403,
      },
      {
        name: 'a session writing without its CSRF token',
        method: 'POST',
        path: '/api/v1/companies',
        headers: { cookie: `farley_session=${cookie}` },
        payload: { name: 'Ohne Token GmbH' },
        status: 403,
      },
      {
        name: 'an agent deleting',
        method: 'DELETE',
        path: `/api/v1/companies/${someId()}`,
        headers: { authorization: `Bearer ${callers.agent.token}` },
        status: 403,
      },
      {
        name: 'an agent reading',
        method: 'GET',
        path: '/api/v1/companies',
        headers: { authorization: `Bearer ${callers.agent.token}` },
        status: 200,
      },
    ];
    for (const c of cases) {
      for (const url of spellings(c.path)) {
        const res = await h.raw({
          method: c.method as 'GET',
          url,
          headers: c.headers,
          ...('payload' in c ? { payload: c.payload } : {}),
        });
        assert.equal(res.statusCode, c.status, `${c.name}: ${c.method} ${url} → ${res.body.slice(0, 200)}`);
      }
    }
  });
});

/** Every resource and action of the table, with the least role it gives. */
const entries = (Object.entries(policy) as Array<[Resource, Partial<Record<Action, Role>>]>).flatMap(
  ([resource, rules]) =>
    (Object.entries(rules) as Array<[Action, Role]>).map(([action, least]) => ({ resource, action, least })),
);
const ask = (action: Action, resource: Resource) => [action, resource] as RoutePolicy;

describe('the policy table', () => {
  test('every entry of the table is asked by a route or a service, and only there', () => {
    const byRoutes = new Set(operations.flatMap((o) => (o.policy ? [o.policy.join(' ')] : [])));
    // Asked by views.service and reports.service only: sharing a view or report, and changing someone else's;
    // by mailboxes.service: everyone's mailboxes and shared team mailboxes; by emailTemplates.service:
    // the workspace's templates; by appointments.service and .dav: changing someone else's appointment.
    const byServices = new Set([
      'manage appointment',
      'share view',
      'manage view',
      'share report',
      'manage report',
      'manage mailbox',
      'manage emailTemplate',
    ]);
    for (const { resource, action } of entries) {
      const key = `${action} ${resource}`;
      assert.ok(
        byRoutes.has(key) !== byServices.has(key),
        `${key}: asked by ${byRoutes.has(key) ? 'both' : 'nothing'}`,
      );
    }
  });

  test('every API operation but the public ones shows its policy in the OpenAPI document', () => {
    for (const op of operations) {
      assert.equal(Boolean(op.policy), !op.public, `${op.method} ${op.path}`);
    }
  });

  test('authorize refuses with a forbidden error exactly where can says no, and can as the table says', () => {
    for (const { resource, action, least } of entries) {
      for (const role of roles) {
        const caller = { userId: someId(), role };
        const allowed = can(caller, ...ask(action, resource));
        assert.equal(allowed, roleAtLeast(role, least), `${role} ${action} ${resource}`);
        if (allowed) authorize(caller, ...ask(action, resource));
        else
          assert.throws(
            () => authorize(caller, ...ask(action, resource)),
            (error: { kind?: string; detail?: string }) =>
              error.kind === 'forbidden' && error.detail === `This needs the role ${least} or higher; you are ${role}.`,
          );
      }
    }
    assert.equal(leastRole('share', 'contact'), undefined);
    assert.equal(
      can({ userId: someId(), role: 'admin' }, ...ask('share', 'contact')),
      false,
      'not in the table: nobody',
    );
  });

  for (const role of roles) {
    test(`every API route answers ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} as the policy table says`, async () => {
      const guarded = operations.filter((o) => !o.public);
      assert.ok(guarded.length > 50);
      for (const op of guarded) {
        const [action, resource] = op.policy ?? [];
        assert.ok(action && resource, `${op.method} ${op.path} has a policy`);
        const least = leastRole(action, resource);
        assert.ok(least, `${action} ${resource} is in the table`);
        const url = fill(op.path);
        const res = await callers[role].request(
          op.method,
          url,
          ['POST', 'PATCH', 'PUT'].includes(op.method) ? {} : undefined,
        );
        const label = `${role} ${op.method} ${op.path} (${action} ${resource}) → ${res.status} ${JSON.stringify(res.body)}`;
        if (roleAtLeast(role, least)) {
          assert.ok(res.status !== 401 && res.status !== 403 && res.status < 500, label);
        } else {
          assert.equal(res.status, 403, label);
          assert.equal(res.headers['content-type'], problemType, label);
        }
      }
    });
  }

  test("the services' view rules are the table's share and manage", async () => {
    const config = { columns: ['lastName'], sort: null, filters: [] };
    const view = (shared: boolean) => ({ resource: 'contacts', name: `Sicht ${someId()}`, config, shared });
    const { body: adminsView } = await admin.post('/api/v1/views', view(true));
    for (const role of roles) {
      const caller = { userId: callers[role].userId, role };
      const own = await callers[role].post('/api/v1/views', view(false));
      assert.equal(own.status, can(caller, 'create', 'view') ? 201 : 403, `${role} saves a private view`);
      const shared = await callers[role].post('/api/v1/views', view(true));
      assert.equal(shared.status, can(caller, 'share', 'view') ? 201 : 403, `${role} saves a shared view`);
      if (role === 'admin') continue;
      const others = await callers[role].patch(`/api/v1/views/${adminsView.id}`, { name: `Umbenannt ${someId()}` });
      const mayChange = can(caller, 'manage', 'view') && can(caller, 'share', 'view');
      assert.equal(others.status, mayChange ? 200 : 403, `${role} renames the admin's shared view`);
    }
  });

  test("bulk changes need the resource's update, bulk trash its delete", async () => {
    for (const resource of ['contact', 'company', 'deal'] as const) {
      const path = { contact: 'contacts', company: 'companies', deal: 'deals' }[resource];
      for (const role of roles) {
        const caller = { userId: callers[role].userId, role };
        const ids = [someId()];
        const tagged = await callers[role].post(`/api/v1/${path}/bulk`, { ids, action: 'addTag', tag: 'probe' });
        assert.equal(tagged.status, can(caller, 'update', resource) ? 200 : 403, `${role} tags ${path}`);
        const trashed = await callers[role].post(`/api/v1/${path}/bulk`, { ids, action: 'trash' });
        assert.equal(trashed.status, can(caller, 'delete', resource) ? 200 : 403, `${role} trashes ${path}`);
      }
    }
  });

  test('docs/security.md shows the table as it is', async () => {
    const doc = await readFile(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const shown = /<!-- policy table -->\n([\s\S]*?)\n<!-- end of policy table -->/.exec(doc)?.[1];
    assert.equal(
      shown,
      policyTableMarkdown(),
      `docs/security.md should show, between its policy table marks:\n${policyTableMarkdown()}`,
    );
  });
});

/** The table as docs/security.md shows it: the least role per resource and action. */
function policyTableMarkdown(): string {
  const columns: Action[] = ['read', 'create', 'update', 'delete', 'restore'];
  const lines = [`| resource | ${columns.join(' | ')} | other |`, `|---|${columns.map(() => '---|').join('')}---|`];
  for (const [resource, rules] of Object.entries(policy) as Array<[Resource, Partial<Record<Action, Role>>]>) {
    const other = (Object.entries(rules) as Array<[Action, Role]>)
      .filter(([action]) => !columns.includes(action))
      .map(([action, least]) => `${action}: ${least}`);
    lines.push(
      `| ${resource} | ${columns.map((action) => rules[action] ?? '—').join(' | ')} | ${other.join(', ') || '—'} |`,
    );
  }
  return lines.join('\n');
}

describe('routes without a policy', () => {
  /** A Fastify app with the auth hooks and one API route of the given config, started and stopped. */
  const start = async (config: { policy?: RoutePolicy; public?: boolean }) => {
    const app = Fastify();
    try {
      await app.register(
        async (api) => {
          installAuthHooks(api, {} as AppContext);
          api.get('/forgotten', { config }, async () => 'open to all');
        },
        { prefix: '/api/v1' },
      );
      await app.ready();
    } finally {
      await app.close();
    }
  };

  test('an API route without a policy stops the app from starting', async () => {
    await assert.rejects(start({}), /GET \/api\/v1\/forgotten has no policy/);
  });

  test('an API route whose policy the table does not have stops the app from starting', async () => {
    await assert.rejects(start({ policy: ask('share', 'contact') }), /GET \/api\/v1\/forgotten has no policy/);
  });

  test('public routes and routes with a policy start', async () => {
    await start({ public: true });
    await start({ policy: ['read', 'contact'] });
  });
});
