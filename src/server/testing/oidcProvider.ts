// Test support: a real OpenID Connect provider (oidc-provider from npm) on a free port of this
// machine, with one confidential client and accounts made up on the spot, and a browser-like
// walk through its sign-in and consent pages (its development interactions) for node tests.
// Any login is accepted; the login is the account's email, and what the email starts with
// decides what the provider says of it (see `claimsOf`).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Stops taking requests (to test a provider that is down) and frees the port. */
  close(): Promise<void>;
}

/**
 * What the provider says of the account with this login: `unverified…` has an unverified
 * email, `noemail…` none at all; everyone else a verified email, and a name from it.
 */
export function claimsOf(login: string): Record<string, unknown> {
  if (login.startsWith('noemail')) return { sub: login };
  const [local] = login.split('@');
  const name = local
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
  return { sub: login, email: login, email_verified: !login.startsWith('unverified'), name, locale: 'de-DE' };
}

/** Starts the provider for a client whose redirect URIs are `redirectUris`. */
export async function startTestProvider(redirectUris: string[]): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;
  const clientId = 'farley';
  const clientSecret = 'a-client-secret-of-at-least-32-characters';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, claims: async () => claimsOf(id) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-cookie-key-of-the-test-provider'] },
  });
  // Quiet: the dev interactions warn on every start that they are for development.
  provider.on('server_error', () => {});
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's cookie jar for one host, as far as these pages need one. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The form of a page of the provider: where it posts, and its hidden fields. */
function formOf(html: string, base: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return null;
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return { action: new URL(form[1].replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * Walks from the authorization URL through the provider's pages as a person would: signs in
 * as `login`, then gives consent (or, with `deny`, cancels at the consent page). Returns the
 * URL the provider sends the browser back to (Farley's callback with code or error).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  options: { deny?: boolean; redirectUriPrefix: string },
): Promise<string> {
  const jar = new Jar();
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(options.redirectUriPrefix)) return url;
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.take(response);
    method = 'GET';
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 500)}`);
    const form = formOf(html, url);
    if (!form) throw new Error(`no form on the provider's page: ${html.slice(0, 500)}`);
    if (form.fields.prompt === 'login') {
      body = new URLSearchParams({ ...form.fields, login, password: 'any password' });
    } else if (options.deny) {
      // The page's "Cancel" link: the provider answers access_denied.
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no cancel link on the consent page');
      url = new URL(abort.replace(/&amp;/g, '&'), url).href;
      continue;
    } else body = new URLSearchParams(form.fields);
    url = form.action;
    method = 'POST';
  }
  throw new Error('the provider did not send the browser back within 20 steps');
}
