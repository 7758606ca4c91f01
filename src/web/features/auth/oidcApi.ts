// Sign-in with an identity provider, as the sign-in page sees it: which providers to offer for
// a typed email or a workspace link, and where their buttons lead (a navigation, not a fetch:
// the browser leaves for the provider and comes back signed in).
import { useEffect, useState } from 'react';
import { api } from '../../app/api.ts';
import type { OidcProviders } from '../../../contract/oidc.ts';
import { isProblemCode, type ProblemCode } from '../../../contract/problems.ts';

export type Provider = OidcProviders['providers'][number];

/** The domain part of something that looks like a whole email address, else null. */
const domainOf = (email: string) => /^[^@\s]+@([^@\s]+\.[^@\s.]{2,})$/.exec(email.trim())?.[1]?.toLowerCase() ?? null;

/**
 * The providers for the workspace of the link (`workspace`), or for the domain of the typed
 * email, asked once per domain after typing pauses. A failed lookup offers none: the password
 * form still works.
 */
export function useProviders(email: string, workspace: string | null): Provider[] {
  const domain = workspace ? null : domainOf(email);
  const [found, setFound] = useState<{ key: string; providers: Provider[] }>({ key: '', providers: [] });
  const key = workspace ? `workspace:${workspace}` : domain ? `domain:${domain}` : '';
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        const query = workspace ? { workspace } : { email: `someone@${domain}` };
        api<OidcProviders>('/auth/oidc/providers', { query, signal: controller.signal })
          .then((answer) => setFound({ key, providers: answer.providers }))
          .catch(() => setFound({ key, providers: [] }));
      },
      workspace ? 0 : 350,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, workspace, domain]);
  return key && found.key === key ? found.providers : [];
}

/** Where a provider's button leads: Farley's start of the flow, with where to go afterwards. */
export function startUrl(provider: Provider, next: string, email: string): string {
  const params = new URLSearchParams({ workspace: provider.workspaceId, next });
  if (domainOf(email)) params.set('login_hint', email.trim());
  return `/api/v1/auth/oidc/start?${params}`;
}

/** The problem code a failed sign-in at a provider came back with (`/sign-in?error=…`). */
export function returnedError(value: string | null): ProblemCode | null {
  return isProblemCode(value) ? value : null;
}
