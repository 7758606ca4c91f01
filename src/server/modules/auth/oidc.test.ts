import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { signInAtProvider, startTestProvider, type TestProvider } from '../../testing/oidcProvider.ts';

// Sign-in through an identity provider, against a real one (oidc-provider) on this machine:
// the browser's journey is walked over HTTP, Farley's side through the app.
const origin = 'http://localhost:3999';
const callback = `${origin}/api/v1/auth/oidc/callback`;
let h: Harness;
let admin: Client;
let provider: TestProvider;
let domain: string;

before(async () => {
  h = await harness({ env: { FARLEY_PUBLIC_URL: origin } });
  provider = await startTestProvider([callback]);
  admin = await h.workspace('Nordlicht Handel GmbH');
  domain = `nordlicht-${crypto.randomBytes(4).toString('hex')}.example`;
});
after(async () => {
  await provider.close();
  await h.close();
});

const settings = (changes: Record<string, unknown> = {}) => ({
  issuer: provider.issuer,
  clientId: provider.clientId,
  clientSecret: provider.clientSecret,
  label: 'Nordlicht Login',
  allowedDomains: [domain],
  ...changes,
});

const cookieOf = (response: { cookies: Array<{ name: string; value: string }> }, name: string) =>
  response.cookies.find((c) => c.name === name && c.value !== '')?.value;

/**
 * The whole journey: Farley's start, the provider's pages as `login`, Farley's callback.
 * Returns the callback's answer.
 */
async function signIn(login: string, options: { workspaceId?: string; next?: string; deny?: boolean } = {}) {
  const query = new URLSearchParams({ workspace: options.workspaceId ?? admin.workspaceId });
  if (options.next) query.set('next', options.next);
  const start = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/start?${query}` });
  assert.equal(start.statusCode, 303, start.body);
  const location = String(start.headers.location);
  assert.ok(location.startsWith(provider.issuer), location);
  const state = cookieOf(start, 'farley_oidc');
  assert.ok(state, 'the start sets the sealed state cookie');
  const back = await signInAtProvider(location, login, { deny: options.deny, redirectUriPrefix: callback });
  const url = new URL(back);
  return h.raw({ method: 'GET', url: `${url.pathname}${url.search}`, cookies: { farley_oidc: state } });
}

const errorOf = (response: { statusCode: number; headers: Record<string, unknown> }) => {
  assert.equal(response.statusCode, 303);
  const location = new URL(String(response.headers.location), origin);
  assert.equal(location.pathname, '/sign-in');
  return location.searchParams.get('error');
};

describe('settings', () => {
  test('only admins read or change the identity provider settings', async () => {
    const manager = await h.member(admin, 'manager');
    assert.equal((await manager.get('/api/v1/oidc-settings')).status, 403);
    assert.equal((await manager.put('/api/v1/oidc-settings', settings())).status, 403);
  });

  test('an issuer without a discovery document is refused and nothing is saved', async () => {
    const other = await h.workspace('Leer GmbH');
    const reply = await other.put('/api/v1/oidc-settings', settings({ issuer: 'http://127.0.0.1:9/nothing' }));
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.equal(reply.body.code, 'oidc_discovery_failed');
    assert.equal((await other.get('/api/v1/oidc-settings')).body.settings, null);
  });

  test('an issuer on another host without https is refused', async () => {
    const reply = await admin.put('/api/v1/oidc-settings', settings({ issuer: 'http://idp.example.com' }));
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.equal(reply.body.errors[0].path, 'issuer');
  });

  test('the settings are saved after discovery, the secret sealed and never shown', async () => {
    const reply = await admin.put('/api/v1/oidc-settings', settings());
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.settings.hasClientSecret, true);
    assert.equal(reply.body.redirectUri, callback);
    assert.equal(reply.body.signInUrl, `${origin}/sign-in?workspace=${admin.workspaceId}`);
    const read = await admin.get('/api/v1/oidc-settings');
    assert.ok(!JSON.stringify(read.body).includes(provider.clientSecret));
    const stored = await h.ctx.db.owner
      .selectFrom('oidc_providers')
      .select('client_secret')
      .where('workspace_id', '=', admin.workspaceId)
      .executeTakeFirstOrThrow();
    assert.ok(!stored.client_secret.toString('latin1').includes(provider.clientSecret), 'stored sealed');
    // Saved again without the secret: the stored one stays.
    const again = await admin.put('/api/v1/oidc-settings', { ...settings(), clientSecret: undefined });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const audit = await admin.get(`/api/v1/audit-log?recordType=oidc_settings&recordId=${admin.workspaceId}`);
    assert.ok(audit.body.data.length >= 1);
    assert.ok(!JSON.stringify(audit.body).includes(provider.clientSecret), 'no secret in the audit log');
  });
});

describe('the sign-in page learns of providers', () => {
  test('by the domain of an email, and by the workspace of a shared link', async () => {
    const byEmail = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/providers?email=jemand@${domain}` });
    assert.deepEqual(byEmail.json().providers, [{ workspaceId: admin.workspaceId, label: 'Nordlicht Login' }]);
    const byLink = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/providers?workspace=${admin.workspaceId}` });
    assert.equal(byLink.json().providers.length, 1);
  });

  test('another domain, or a workspace without a provider, finds nothing', async () => {
    const other = await h.raw({ method: 'GET', url: '/api/v1/auth/oidc/providers?email=jemand@example.org' });
    assert.deepEqual(other.json().providers, []);
    const none = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/providers?workspace=${crypto.randomUUID()}` });
    assert.deepEqual(none.json().providers, []);
  });
});

describe('signing in through the provider', () => {
  test('an existing user signs in and gets the same session as with a password', async () => {
    const user = await h.member(admin, 'agent');
    await h.ctx.db.owner
      .updateTable('users')
      .set({ email: `petra.wagner-${crypto.randomBytes(3).toString('hex')}@${domain}` })
      .where('id', '=', user.userId)
      .execute();
    const email = (
      await h.ctx.db.owner.selectFrom('users').select('email').where('id', '=', user.userId).executeTakeFirstOrThrow()
    ).email;
    const done = await signIn(email, { next: '/contacts?view=mine' });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, '/contacts?view=mine');
    const session = done.cookies.find((c) => c.name === 'farley_session');
    assert.ok(session?.value, 'a session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const me = await h.raw({ method: 'GET', url: '/api/v1/auth/me', cookies: { farley_session: session.value } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, user.userId);
    assert.equal(me.json().workspace.id, admin.workspaceId);
    const audit = await admin.get(`/api/v1/audit-log?recordType=sign_in&actorId=${user.userId}`);
    assert.equal(audit.body.data[0].changes.method[1], 'oidc');
  });

  test('a next that leads to another site is replaced by the start page', async () => {
    const user = await h.member(admin, 'viewer');
    const email = `lena.koch-${crypto.randomBytes(3).toString('hex')}@${domain}`;
    await h.ctx.db.owner.updateTable('users').set({ email }).where('id', '=', user.userId).execute();
    const done = await signIn(email, { next: '//evil.example/steal' });
    assert.equal(done.headers.location, '/');
  });

  test('a deactivated user is refused like an unknown one', async () => {
    const user = await h.member(admin, 'agent');
    const email = `max.vogel-${crypto.randomBytes(3).toString('hex')}@${domain}`;
    await h.ctx.db.owner.updateTable('users').set({ email, active: false }).where('id', '=', user.userId).execute();
    const done = await signIn(email);
    assert.equal(errorOf(done), 'oidc_no_user');
  });

  test('an unknown user is refused when the workspace does not create users', async () => {
    const done = await signIn(`neu-${crypto.randomBytes(3).toString('hex')}@${domain}`);
    assert.equal(errorOf(done), 'oidc_no_user');
    assert.ok(!done.cookies.some((c) => c.name === 'farley_session' && c.value));
  });

  test('with auto-create, an unknown user is created with the default role', async () => {
    const other = await h.workspace('Südwind Logistik AG');
    const otherDomain = `suedwind-${crypto.randomBytes(4).toString('hex')}.example`;
    const saved = await other.put(
      '/api/v1/oidc-settings',
      settings({ allowedDomains: [otherDomain], autoCreate: true, defaultRole: 'viewer', label: 'Südwind SSO' }),
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const email = `jonas.becker@${otherDomain}`;
    const done = await signIn(email, { workspaceId: other.workspaceId });
    assert.equal(done.statusCode, 303);
    const session = cookieOf(done, 'farley_session');
    assert.ok(session, JSON.stringify(done.headers));
    const me = await h.raw({ method: 'GET', url: '/api/v1/auth/me', cookies: { farley_session: session } });
    assert.equal(me.json().user.email, email);
    assert.equal(me.json().user.role, 'viewer');
    assert.equal(me.json().user.name, 'Jonas Becker');
  });

  test('an email of a domain the workspace does not allow is refused', async () => {
    const done = await signIn(`fremd-${crypto.randomBytes(3).toString('hex')}@example.org`);
    assert.equal(errorOf(done), 'oidc_domain_not_allowed');
  });

  test('an email the provider has not verified is refused', async () => {
    const done = await signIn(`unverified-${crypto.randomBytes(3).toString('hex')}@${domain}`);
    assert.equal(errorOf(done), 'oidc_email_unverified');
  });

  test('cancelling at the provider ends on the sign-in page with oidc_denied', async () => {
    const done = await signIn(`abbruch-${crypto.randomBytes(3).toString('hex')}@${domain}`, { deny: true });
    assert.equal(errorOf(done), 'oidc_denied');
    assert.match(String(done.headers.location), new RegExp(`workspace=${admin.workspaceId}`));
  });

  test('a callback whose state is not the one of the cookie is refused', async () => {
    const start = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/start?workspace=${admin.workspaceId}` });
    const state = cookieOf(start, 'farley_oidc')!;
    const wrong = await h.raw({
      method: 'GET',
      url: '/api/v1/auth/oidc/callback?code=abc&state=forged',
      cookies: { farley_oidc: state },
    });
    assert.equal(errorOf(wrong), 'oidc_state_mismatch');
    const noCookie = await h.raw({ method: 'GET', url: '/api/v1/auth/oidc/callback?code=abc&state=forged' });
    assert.equal(errorOf(noCookie), 'oidc_state_mismatch');
    const tampered = await h.raw({
      method: 'GET',
      url: '/api/v1/auth/oidc/callback?code=abc&state=x',
      cookies: { farley_oidc: `${state.slice(0, -4)}AAAA` },
    });
    assert.equal(errorOf(tampered), 'oidc_state_mismatch');
  });

  test('a workspace without a provider sends the start back to the sign-in page', async () => {
    const other = await h.workspace('Ohne SSO KG');
    const start = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/start?workspace=${other.workspaceId}` });
    assert.equal(errorOf(start), 'oidc_not_configured');
  });
});

describe('password sign-in of a workspace with a provider', () => {
  test('is refused for users when the workspace turns it off, and kept for admins', async () => {
    const other = await h.workspace('Nur SSO GmbH');
    const agent = await h.member(other, 'agent');
    const saved = await other.put('/api/v1/oidc-settings', settings({ passwordSignIn: false, allowedDomains: [] }));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const login = (email: string) =>
      h.raw({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'correct horse battery' },
        remoteAddress: `10.9.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`,
      });
    const refused = await login(agent.email);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'password_sign_in_disabled');
    assert.equal((await login(other.email)).statusCode, 200, 'the admin keeps a way in');
    const audit = await other.get(`/api/v1/audit-log?recordType=sign_in&actorId=${other.userId}`);
    assert.equal(audit.body.data[0].changes.method[1], 'password', 'password sign-ins are logged too');
    // Without listed domains the provider is found by its link only.
    const byEmail = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/providers?email=x@${domain}` });
    assert.ok(!byEmail.json().providers.some((p: { workspaceId: string }) => p.workspaceId === other.workspaceId));
  });
});

describe('a provider that is down', () => {
  test('ends on the sign-in page with oidc_unavailable, not a server error', async () => {
    const down = await startTestProvider([callback]);
    const other = await h.workspace('Windstill GmbH');
    const saved = await other.put(
      '/api/v1/oidc-settings',
      settings({ issuer: down.issuer, clientId: down.clientId, clientSecret: down.clientSecret }),
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const start = await h.raw({ method: 'GET', url: `/api/v1/auth/oidc/start?workspace=${other.workspaceId}` });
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    // The provider goes down while the user is on their way back.
    await down.close();
    const done = await h.raw({
      method: 'GET',
      url: `/api/v1/auth/oidc/callback?code=abc&state=${state}&iss=${encodeURIComponent(down.issuer)}`,
      cookies: { farley_oidc: cookieOf(start, 'farley_oidc')! },
    });
    assert.equal(errorOf(done), 'oidc_unavailable');
    const changed = await other.put(
      '/api/v1/oidc-settings',
      settings({ issuer: down.issuer, clientId: down.clientId, clientSecret: 'another secret' }),
    );
    assert.equal(changed.status, 422, 'a provider that is down cannot be saved');
  });
});
