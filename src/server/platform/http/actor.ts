// Who is calling: the authenticated user of a request, and what their role allows.
import type { FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../errors.ts';

export type Role = 'viewer' | 'agent' | 'manager' | 'admin';

const rank: Record<Role, number> = { viewer: 0, agent: 1, manager: 2, admin: 3 };

export interface Actor {
  workspaceId: string;
  userId: string;
  role: Role;
  /** How the request proved who it is; cookie sessions need a CSRF token for writes. */
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The least role a route needs; defaults to viewer for reads and agent for writes. */
    minRole?: Role;
    /** The route is open to callers who are not signed in. */
    public?: boolean;
  }
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/** The signed-in caller, or a 401 problem. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in or send an API token.');
  return request.actor;
}

export function requireRole(actor: Actor, needed: Role): void {
  if (!roleAtLeast(actor.role, needed)) {
    throw forbidden(`This needs the role ${needed} or higher; you are ${actor.role}.`);
  }
}
