// Who is calling: the authenticated user of a request and their role.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Role, RoutePolicy } from '../policy.ts';

export type { Role };

export interface Actor {
  workspaceId: string;
  userId: string;
  role: Role;
  /**
   * How the request proved who it is; cookie sessions need a CSRF token for writes. 'dav': an
   * app password of the DAV server (modules/dav), which opens nothing else.
   */
  via: 'session' | 'token' | 'dav';
  sessionId?: string;
  /** The API token of a request made with one. */
  tokenId?: string;
  csrfToken?: string;
  /**
   * The field rules of the user's role as JSON text (null: none), read with the credential
   * (platform/fieldAccess.ts); absent where the caller was made otherwise.
   */
  fieldRules?: string | null;
  /**
   * A session of a user whom the workspace asks for a second factor and who has none yet:
   * such a session may only set it up (routes with `duringTwoFactorSetup`). API tokens are
   * never held back: they are a strong credential of their own.
   */
  twoFactorSetupDue?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** What the caller must be allowed (platform/policy.ts); every non-public API route has one. */
    policy?: RoutePolicy;
    /** The route is open to callers who are not signed in. */
    public?: boolean;
    /** Open to a session that must set up two-factor sign-in first (see Actor.twoFactorSetupDue). */
    duringTwoFactorSetup?: boolean;
  }
}

/** The signed-in caller, or a 401 problem. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in or send an API token.');
  return request.actor;
}
