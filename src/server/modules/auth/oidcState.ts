// What a sign-in through an identity provider must remember between leaving for the provider
// and coming back: state, nonce, the PKCE verifier, the workspace, where to go afterwards. It
// travels in a short-lived cookie sealed with the installation's key (AES-256-GCM, see
// platform/secrets.ts), so the browser can neither read the verifier nor change a thing, and
// no table fills with half-finished sign-ins.
import { open, seal, type SecretKeys } from '../../platform/secrets.ts';

export const oidcStateCookie = 'farley_oidc';
/** How long a sign-in may take at the provider (typing a password, a second factor). */
export const oidcStateMinutes = 10;
/** Only the callback needs the cookie. */
export const oidcStatePath = '/api/v1/auth/oidc/';

export interface OidcState {
  workspaceId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  next: string;
  expiresAt: number;
}

/** Says what the sealed value is, so that no other sealed value passes for one. */
const kind = 'farley-oidc-state-1';

export function sealState(keys: SecretKeys, state: OidcState): string {
  return seal(keys, JSON.stringify({ kind, ...state })).toString('base64url');
}

/** The state in the cookie, or null when it is missing, tampered with, of another kind or expired. */
export function openState(keys: SecretKeys, cookie: string | undefined, now = Date.now()): OidcState | null {
  if (!cookie || cookie.length > 4096) return null;
  try {
    const value = JSON.parse(open(keys, Buffer.from(cookie, 'base64url')));
    if (value?.kind !== kind || typeof value.expiresAt !== 'number' || value.expiresAt < now) return null;
    for (const field of ['workspaceId', 'state', 'nonce', 'codeVerifier', 'redirectUri', 'next'])
      if (typeof value[field] !== 'string') return null;
    const { kind: _, ...state } = value;
    return state as OidcState;
  } catch {
    return null;
  }
}
