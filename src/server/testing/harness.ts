// Test support: the real application on the real test database, and API clients for
// fresh workspaces. Tests talk HTTP (through Fastify's inject) like any client would.
import crypto from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../platform/config.ts';
import { openDatabases, migrateToLatest } from '../platform/db/database.ts';
import { assertIsolation } from '../platform/db/isolation.ts';
import type { AppContext } from '../platform/context.ts';
import { inTenant } from '../platform/db/tenant.ts';
import { buildApp } from '../app.ts';
import { loadSecretKeys } from '../platform/secrets.ts';
import { createWorkspace } from '../modules/workspaces/workspaces.service.ts';
import { createUserIn } from '../modules/users/users.service.ts';
import { createTokenIn } from '../modules/tokens/tokens.service.ts';
import type { Role } from '../platform/http/actor.ts';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface Client {
  token: string;
  workspaceId: string;
  userId: string;
  /** The user's login email (their password is always 'correct horse battery'). */
  email: string;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
}

export interface Harness {
  app: FastifyInstance;
  ctx: AppContext;
  /** A new workspace and a client signed in as its admin. */
  workspace(name?: string): Promise<Client>;
  /** Another user of the client's workspace with the given role, and a client for them. */
  member(admin: Client, role: Role): Promise<Client>;
  /** Raw request without credentials. */
  raw(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${crypto.randomBytes(5).toString('hex')}@test.farley.example`;

let migrated: Promise<unknown> | undefined;
const testSecretKey = crypto.randomBytes(32).toString('base64');

/** The test database `npm test` provides. */
export function testDatabaseUrl(): string {
  const url = process.env.FARLEY_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('Run tests with `npm test` (it provides the test database).');
  return url;
}

/**
 * The application on the test database, or on `options.databaseUrl` (a database of the test
 * file's own, migrated here); `options.env` overrides configuration variables.
 */
export async function harness(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? testDatabaseUrl(),
    FARLEY_DEMO: '0',
    FARLEY_JOBS: '0',
    ...options.env,
  });
  const db = await openDatabases(config);
  if (options.databaseUrl) await migrateToLatest(db.owner);
  else {
    migrated ??= migrateToLatest(db.owner);
    await migrated;
  }
  await assertIsolation(db);
  // A key of the test run's own: tests never write a key file into the working tree.
  const secrets = loadSecretKeys({ FARLEY_SECRET_KEY: testSecretKey, ...options.env }, config.dataDir);
  const ctx: AppContext = { config, db, secrets };
  const app = await buildApp(ctx);
  await app.ready();

  const client = (token: string, workspaceId: string, userId: string, email: string): Client => {
    const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        body: type.includes('json') && response.body ? response.json() : response.body,
        headers: response.headers as Reply['headers'],
      };
    };
    return {
      token,
      workspaceId,
      userId,
      email,
      request,
      get: (path, headers) => request('GET', path, undefined, headers),
      post: (path, body, headers) => request('POST', path, body, headers),
      patch: (path, body, headers) => request('PATCH', path, body, headers),
      put: (path, body, headers) => request('PUT', path, body, headers),
      delete: (path, headers) => request('DELETE', path, undefined, headers),
    };
  };

  const tokenFor = (workspaceId: string, userId: string) =>
    inTenant(db.app, { workspaceId, userId }, (tx) => createTokenIn(tx, workspaceId, { userId, name: 'test' }));

  return {
    app,
    ctx,
    async workspace(name = 'Test GmbH') {
      const email = uniqueEmail('admin');
      const { workspaceId, userId } = await createWorkspace(ctx, {
        name,
        adminEmail: email,
        adminPassword: 'correct horse battery',
      });
      return client((await tokenFor(workspaceId, userId)).token, workspaceId, userId, email);
    },
    async member(admin, role) {
      const user = await inTenant(db.app, { workspaceId: admin.workspaceId }, (tx) =>
        createUserIn(tx, admin.workspaceId, {
          email: uniqueEmail(role),
          name: `Test ${role}`,
          role,
          password: 'correct horse battery',
        }),
      );
      return client((await tokenFor(admin.workspaceId, user.id)).token, admin.workspaceId, user.id, user.email);
    },
    raw: (options) => app.inject(options),
    async close() {
      await app.close();
      await db.close();
    },
  };
}
