// Sign-in through a workspace's OpenID Connect identity provider (Keycloak, Entra ID, Google
// Workspace…): its settings, which providers the sign-in page may offer, and the authorization
// code flow with PKCE, state and nonce (openid-client). It ends in the same session as a
// password sign-in (openSession). Farley's own second factor does not apply: the provider
// handles MFA (docs/security.md, "Sign-in with an identity provider").
import crypto from 'node:crypto';
import * as client from 'openid-client';
import type { OidcProviders, OidcSettings, OidcSettingsInput, OidcSetup } from '../../../contract/oidc.ts';
import { safeNext } from '../../../contract/safeNext.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Selectable } from 'kysely';
import type { OidcProvidersTable } from '../../platform/db/schema.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { open, seal } from '../../platform/secrets.ts';
import { createUserIn } from '../users/users.service.ts';
import { openProviderSession, type LoginResult } from './signIn.service.ts';
import * as repo from './oidc.repository.ts';
import { oidcStateMinutes, openState, sealState, type OidcState } from './oidcState.ts';

type ProviderRow = Selectable<OidcProvidersTable>;

export const callbackPath = '/api/v1/auth/oidc/callback';
const startPath = '/api/v1/auth/oidc/start';
/** Where a signed-in user goes when the sign-in named no destination (the web app's start). */
const defaultNext = '/';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const oidcError = (kind: AppError['kind'], code: AppError['code'], detail: string) =>
  new AppError(kind, detail, undefined, undefined, code);

/** http is for a provider on this machine only (tests, a local Keycloak); anything else needs https. */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '::1';
}

// Discovery answers, by issuer, client and secret: fetched once, kept a while (a provider's
// metadata and keys change seldom; openid-client refetches keys it does not know).
const discovered = new Map<string, { config: client.Configuration; until: number }>();
const discoveryMs = 10 * 60_000;

async function discover(issuer: string, clientId: string, secret: string): Promise<client.Configuration> {
  const key = crypto.createHash('sha256').update(`${issuer}\n${clientId}\n${secret}`).digest('base64url');
  const kept = discovered.get(key);
  if (kept && Date.now() < kept.until) return kept.config;
  const url = new URL(issuer);
  const insecure = url.protocol === 'http:';
  if (insecure && !isLoopback(url)) throw new Error('the issuer must use https');
  const execute = insecure ? [client.allowInsecureRequests] : [];
  let config = await client.discovery(url, clientId, undefined, client.ClientSecretBasic(secret), {
    execute,
    timeout: 10,
  });
  // client_secret_basic is the default of the standard; a provider that lists only
  // client_secret_post gets that.
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    config = new client.Configuration(config.serverMetadata(), clientId, undefined, client.ClientSecretPost(secret));
    for (const run of execute) run(config);
  }
  discovered.set(key, { config, until: Date.now() + discoveryMs });
  return config;
}

function present(row: ProviderRow): OidcSettings {
  return {
    enabled: row.enabled,
    issuer: row.issuer,
    clientId: row.client_id,
    hasClientSecret: row.client_secret.length > 0,
    label: row.label,
    allowedDomains: row.allowed_domains,
    passwordSignIn: row.password_sign_in,
    autoCreate: row.auto_create,
    defaultRole: row.default_role,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The redirect URI to register at the provider and the link that starts this workspace's sign-in. */
function setupLinks(origin: string, workspaceId: string) {
  return { redirectUri: `${origin}${callbackPath}`, signInUrl: `${origin}/sign-in?workspace=${workspaceId}` };
}

export async function getSetup(ctx: AppContext, actor: Actor, origin: string): Promise<OidcSetup> {
  const row = await inTenant(ctx.db.app, actor, (tx) => repo.findProvider(tx));
  return { settings: row ? present(row) : null, ...setupLinks(origin, actor.workspaceId) };
}

/**
 * Saves the settings after the issuer answered its discovery (so a typo shows now, not at the
 * next sign-in). The client secret is sealed; left out, the stored one stays.
 */
export async function saveSettings(
  ctx: AppContext,
  actor: Actor,
  input: OidcSettingsInput,
  origin: string,
): Promise<OidcSetup> {
  const issuer = new URL(input.issuer);
  if (issuer.protocol !== 'https:' && !isLoopback(issuer))
    throw invalid([{ path: 'issuer', message: 'must use https', code: 'invalid_format' }]);
  const before = await inTenant(ctx.db.app, actor, (tx) => repo.findProvider(tx));
  const secret = input.clientSecret ?? (before ? open(ctx.secrets, before.client_secret) : undefined);
  if (secret === undefined)
    throw invalid([{ path: 'clientSecret', message: 'is required the first time', code: 'required' }]);
  try {
    await discover(input.issuer, input.clientId, secret);
  } catch (error) {
    throw new AppError(
      'invalid',
      `The issuer ${input.issuer} gave no OpenID Connect discovery document: ${(error as Error).message}`,
      [{ path: 'issuer', message: 'no OpenID Connect discovery document here' }],
      undefined,
      'oidc_discovery_failed',
    );
  }
  const domains = [...new Set(input.allowedDomains ?? [])];
  const row = await inTenant(ctx.db.app, actor, async (tx) => {
    const saved = await repo.saveProvider(tx, {
      workspace_id: actor.workspaceId,
      enabled: input.enabled ?? true,
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret: seal(ctx.secrets, secret),
      label: input.label,
      allowed_domains: domains,
      password_sign_in: input.passwordSignIn ?? true,
      auto_create: input.autoCreate ?? false,
      default_role: input.defaultRole ?? 'agent',
    });
    // Only a provider in use is found by its domains on the sign-in page.
    await repo.replaceDomains(tx, actor.workspaceId, saved.enabled ? domains : []);
    await repo.recordSettingsChange(tx, actor.userId, actor.workspaceId, before ? 'update' : 'create', {
      ...changesOf(before ? present(before) : undefined, present(saved)),
      ...(input.clientSecret !== undefined ? { clientSecret: [before ? 'sealed' : null, 'changed'] } : {}),
    });
    return saved;
  });
  return { settings: present(row), ...setupLinks(origin, actor.workspaceId) };
}

function changesOf(before: OidcSettings | undefined, after: OidcSettings): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updatedAt' || key === 'hasClientSecret') continue;
    const old = before?.[key as keyof OidcSettings] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = [old, value];
  }
  return changes;
}

export async function deleteSettings(ctx: AppContext, actor: Actor): Promise<void> {
  await inTenant(ctx.db.app, actor, async (tx) => {
    const removed = await repo.deleteProvider(tx);
    if (!removed) throw notFound('identity provider');
    await repo.replaceDomains(tx, actor.workspaceId, []);
    await repo.recordSettingsChange(
      tx,
      actor.userId,
      actor.workspaceId,
      'delete',
      changesOf(undefined, present(removed)),
    );
  });
}

/** The enabled provider of a workspace, read in that workspace; undefined if none. */
async function providerOf(db: Db, workspaceId: string): Promise<ProviderRow | undefined> {
  if (!uuid.test(workspaceId)) return undefined;
  const row = await inTenant(db, { workspaceId }, (tx) => repo.findProvider(tx));
  return row?.enabled ? row : undefined;
}

/**
 * The providers the sign-in page may offer: the one of a workspace named in the link an admin
 * shared (`/sign-in?workspace=…`), or those that serve the domain of the typed email. Nothing
 * here says whether a user with the email exists; a domain only finds workspaces whose admins
 * listed it (docs/security.md).
 */
export async function providersFor(
  ctx: AppContext,
  query: { email?: string; workspace?: string },
): Promise<OidcProviders> {
  const domain = query.email?.trim().toLowerCase().split('@')[1];
  const workspaceIds = query.workspace
    ? [query.workspace]
    : domain
      ? await repo.workspacesOfDomain(ctx.db.app, domain)
      : [];
  const providers = [];
  for (const workspaceId of workspaceIds) {
    const row = await providerOf(ctx.db.app, workspaceId);
    if (row) providers.push({ workspaceId, label: row.label });
  }
  return { providers };
}

/** Where to send the browser to sign in at the workspace's provider, and the sealed state to set. */
export async function startSignIn(
  ctx: AppContext,
  input: { workspaceId: string; next?: string; loginHint?: string; origin: string },
): Promise<{ url: string; cookie: string }> {
  const row = await providerOf(ctx.db.app, input.workspaceId);
  if (!row) throw oidcError('not_found', 'oidc_not_configured', 'This workspace has no identity provider set up.');
  const config = await configurationOf(ctx, row);
  const state: OidcState = {
    workspaceId: input.workspaceId,
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    redirectUri: `${input.origin}${callbackPath}`,
    next: safeNext(input.next, defaultNext),
    expiresAt: Date.now() + oidcStateMinutes * 60_000,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: state.redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(state.codeVerifier),
    code_challenge_method: 'S256',
    state: state.state,
    nonce: state.nonce,
    ...(input.loginHint ? { login_hint: input.loginHint } : {}),
  });
  return { url: url.href, cookie: sealState(ctx.secrets, state) };
}

async function configurationOf(ctx: AppContext, row: ProviderRow): Promise<client.Configuration> {
  try {
    return await discover(row.issuer, row.client_id, open(ctx.secrets, row.client_secret));
  } catch (error) {
    throw unavailable(error);
  }
}

function unavailable(error: unknown): AppError {
  const failure = oidcError(
    'unavailable',
    'oidc_unavailable',
    `The identity provider could not be reached or answered wrongly: ${(error as Error)?.message ?? error}`,
  );
  failure.cause = error;
  return failure;
}

/** What the provider says of the person: from the ID token, else from its userinfo endpoint. */
interface Person {
  email?: unknown;
  email_verified?: unknown;
  /** Entra ID: the email's domain is one the tenant has verified (Entra sends no email_verified). */
  xms_edov?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  locale?: unknown;
}

/**
 * The end of the flow: the provider's answer at the callback URL (`query`), checked against
 * the sealed state from the cookie; then the workspace's user of the verified email, linked
 * or (if the workspace wants) created, and a Farley session for them.
 */
export async function finishSignIn(
  ctx: AppContext,
  input: { cookie: string | undefined; query: URLSearchParams },
): Promise<LoginResult & { next: string; workspaceId: string }> {
  const state = openState(ctx.secrets, input.cookie);
  // Checked here, before openid-client does, so that an answer of no sign-in of this browser
  // (a forged link, an old tab) is named as such, even when it carries an error.
  if (!state || input.query.get('state') !== state.state)
    throw oidcError(
      'bad_request',
      'oidc_state_mismatch',
      'This answer of the identity provider belongs to no sign-in started in this browser lately.',
    );
  const row = await providerOf(ctx.db.app, state.workspaceId);
  if (!row) throw oidcError('not_found', 'oidc_not_configured', 'This workspace has no identity provider set up.');
  const config = await configurationOf(ctx, row);
  const current = new URL(state.redirectUri);
  current.search = input.query.toString();
  let person: Person;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: state.codeVerifier,
      expectedState: state.state,
      expectedNonce: state.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    person = claims as Person;
    if (typeof claims.email !== 'string')
      person = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)) };
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError)
      throw oidcError(
        'unauthenticated',
        'oidc_denied',
        `The identity provider did not sign you in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
      );
    throw unavailable(error);
  }
  const email = typeof person.email === 'string' ? person.email.trim().toLowerCase() : '';
  if (!email || (person.email_verified !== true && person.xms_edov !== true))
    throw oidcError(
      'forbidden',
      'oidc_email_unverified',
      'The identity provider did not confirm an email address as verified.',
    );
  const domain = email.split('@')[1] ?? '';
  if (row.allowed_domains.length > 0 && !row.allowed_domains.includes(domain))
    throw oidcError('forbidden', 'oidc_domain_not_allowed', `The domain ${domain} is not allowed in this workspace.`);
  const userId = await userFor(ctx, state.workspaceId, row, email, person);
  const session = await openProviderSession(ctx, { workspaceId: state.workspaceId, userId }, email, row.issuer);
  return { ...session, next: state.next };
}

const noUser = () =>
  oidcError(
    'forbidden',
    'oidc_no_user',
    'This workspace has no active user with this email, and does not create users on first sign-in.',
  );

/** The user the verified email is in the workspace, made now if the workspace wants that. */
async function userFor(
  ctx: AppContext,
  workspaceId: string,
  row: ProviderRow,
  email: string,
  person: Person,
): Promise<string> {
  const id = crypto.randomUUID();
  // The new user is the one acting (farley.user_id): the audit log says they made themselves.
  return inTenant(ctx.db.app, { workspaceId, userId: id }, async (tx) => {
    const found = await repo.findUserByEmail(tx, email);
    if (found) {
      if (!found.active) throw noUser();
      return found.id;
    }
    if (!row.auto_create) throw noUser();
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
    const name =
      text(person.name) ||
      [text(person.given_name), text(person.family_name)].filter(Boolean).join(' ') ||
      email.split('@')[0];
    const user = await createUserIn(tx, workspaceId, {
      id,
      email,
      name: name.slice(0, 200),
      role: row.default_role,
      locale: text(person.locale).toLowerCase().startsWith('en') ? 'en' : 'de',
    });
    return user.id;
  });
}

/** The start link of a workspace's sign-in (what the sign-in page's button opens). */
export const startLink = (workspaceId: string) => `${startPath}?workspace=${workspaceId}`;
