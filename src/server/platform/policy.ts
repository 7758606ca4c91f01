// Who may do what: one table of the least role per resource and action. Routes name their
// entry (`config: { policy: ['delete', 'contact'] }`, checked by the auth hook before the
// body is read); services ask it for the finer rules (`authorize(actor, 'share', 'view')`).
// docs/security.md shows the table, and security/roles.test.ts walks it.
import { forbidden } from './errors.ts';

/** The workspace's own people, the least first: a role may what any role before it may. */
export type StaffRole = 'viewer' | 'agent' | 'manager' | 'admin';
/**
 * Partners are external (dealers, agencies): they act like agents, but only on the customer
 * records and within their partner organisation (the database's record scopes see to the
 * records), and nothing of settings, users, reports or anyone else's data.
 */
export type Role = StaffRole | 'partner';

/** Every staff role, the least first: a role may what any role before it may. */
export const roles: readonly StaffRole[] = ['viewer', 'agent', 'manager', 'admin'];

/** What partners may reach, at most as far as an agent may. */
export const partnerResources: ReadonlySet<Resource> = new Set<Resource>([
  'contact',
  'company',
  'deal',
  'activity',
  'task',
  'appointment',
  'pipeline',
  'lostReason',
  'notification',
  'today',
  'recentView',
  'search',
  'meta',
  'session',
  'view',
  'userName',
]);

export type Action = 'read' | 'create' | 'update' | 'delete' | 'restore' | 'share' | 'manage';

/** The caller as the rules see it (http/actor.ts's Actor is one). */
export interface Caller {
  userId: string;
  role: Role;
}

/**
 * The least role per resource and action; an action a resource does not list is nobody's.
 * Record routes: delete moves to the trash, restore brings back from it. Views: `share`
 * makes, changes or deletes a shared view, `manage` changes or deletes someone else's.
 * Mailboxes: `manage` sees and changes everyone's and connects shared team mailboxes.
 * Email templates: `manage` keeps the workspace's templates (a personal one is its owner's).
 * App passwords and phone settings (CardDAV/CalDAV): every user their own, nobody another's.
 * Sign-in through an identity provider (OpenID Connect) is set up by admins only.
 * Two-factor sign-in and the sign-in throttle: every user their own; the workspace's rule of
 * who must use two-factor sign-in, admins.
 * User names (who an owner or author id is) are everyone's, a partner's only of the people
 * they work with. Users: `manage` signs a user out everywhere and issues a one-time password reset link.
 * Account (my sessions, tokens, password, name): every user their own, nobody another's.
 * Privacy: erasing a person (GDPR Art. 17) and the privacy settings (blocking list, retention
 * rules, the Art. 30 record) are the admins'; managers put records under a legal hold.
 * GDPR: `consent` create records a consent or withdrawal, manage adds purposes; a
 * `restriction` (Art. 18) is set by agents and lifted (delete) by managers; `personalData`
 * read is the access export (Art. 15/20) with everything about a person, audit entries too.
 */
export const policy = {
  contact: { read: 'viewer', create: 'agent', update: 'agent', delete: 'manager', restore: 'manager' },
  company: { read: 'viewer', create: 'agent', update: 'agent', delete: 'manager', restore: 'manager' },
  deal: { read: 'viewer', create: 'agent', update: 'agent', delete: 'manager', restore: 'manager' },
  activity: { read: 'viewer', create: 'agent', update: 'agent', delete: 'manager', restore: 'manager' },
  task: { read: 'viewer', create: 'agent', update: 'agent', delete: 'manager', restore: 'manager' },
  lostReason: { read: 'viewer', create: 'admin', update: 'admin' },
  duplicate: { read: 'viewer', create: 'agent', update: 'agent' },
  pipeline: { read: 'viewer', create: 'manager', update: 'manager', delete: 'manager', restore: 'manager' },
  team: { read: 'viewer', create: 'admin', update: 'admin', delete: 'admin', restore: 'admin' },
  userName: { read: 'viewer' },
  user: { read: 'viewer', create: 'admin', update: 'admin', delete: 'admin', restore: 'admin', manage: 'admin' },
  token: { read: 'admin', create: 'admin', update: 'admin', delete: 'admin', restore: 'admin' },
  view: { read: 'viewer', create: 'viewer', update: 'viewer', delete: 'viewer', share: 'agent', manage: 'manager' },
  audit: { read: 'manager' },
  notification: { read: 'viewer', update: 'viewer' },
  today: { read: 'viewer' },
  recentView: { create: 'viewer' },
  search: { read: 'viewer' },
  dataQuality: { read: 'viewer' },
  meta: { read: 'viewer' },
  session: { read: 'viewer' },
  account: { read: 'viewer', update: 'viewer', delete: 'viewer' },
  import: { read: 'agent', create: 'agent', update: 'agent', delete: 'manager' },
  numbering: { read: 'viewer', update: 'manager' },
  letterhead: { read: 'viewer', update: 'manager' },
  product: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', restore: 'agent' },
  priceList: { read: 'viewer', create: 'manager', update: 'manager', delete: 'manager', restore: 'manager' },
  quote: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', restore: 'agent' },
  salesSettings: { read: 'viewer', update: 'manager' },
  order: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', restore: 'agent' },
  analytics: { read: 'viewer', create: 'manager', update: 'manager' },
  nextAction: { read: 'viewer', update: 'agent' },
  potential: { read: 'viewer', update: 'agent' },
  report: { read: 'viewer', create: 'viewer', update: 'viewer', delete: 'viewer', share: 'agent', manage: 'manager' },
  kpi: { read: 'viewer', create: 'manager' },
  mailbox: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', manage: 'admin' },
  email: { read: 'viewer', create: 'agent', update: 'agent' },
  emailTemplate: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', manage: 'manager' },
  appPassword: { read: 'viewer', create: 'viewer', delete: 'viewer' },
  davSettings: { read: 'viewer', update: 'viewer' },
  appointment: { read: 'viewer', create: 'agent', update: 'agent', delete: 'agent', share: 'agent', manage: 'manager' },
  calendarSettings: { read: 'viewer', update: 'admin' },
  calendarFeed: { read: 'viewer', create: 'viewer', delete: 'viewer' },
  accessRules: { read: 'viewer', update: 'admin' },
  oidcSettings: { read: 'admin', update: 'admin', delete: 'admin' },
  twoFactor: { read: 'viewer', create: 'viewer', update: 'viewer', delete: 'viewer' },
  twoFactorRule: { read: 'viewer', update: 'admin' },
  signInThrottle: { read: 'viewer', delete: 'viewer' },
  erasure: { create: 'admin' },
  privacy: { read: 'admin', create: 'admin', update: 'admin', delete: 'admin' },
  legalHold: { read: 'viewer', create: 'manager', delete: 'manager' },
  consent: { read: 'viewer', create: 'agent', manage: 'manager' },
  restriction: { create: 'agent', delete: 'manager' },
  personalData: { read: 'manager' },
} as const satisfies Record<string, Partial<Record<Action, Role>>>;

export type Resource = keyof typeof policy;
export type ActionOn<R extends Resource> = keyof (typeof policy)[R] & Action;
/** Resources with the whole set of record routes (list, read, create, update, trash, restore). */
export type RecordResource = { [R in Resource]: 'restore' extends ActionOn<R> ? R : never }[Resource];

/** What a route needs: an action on a resource, as the route's `config.policy`. */
export type RoutePolicy = { [R in Resource]: [action: ActionOn<R>, resource: R] }[Resource];

/**
 * A route's policy when the resource is one of several (the shared record and bulk routes):
 * the action must then be one that each of them has.
 */
export function routePolicy<R extends Resource>(action: ActionOn<R>, resource: R): RoutePolicy {
  return [action, resource] as RoutePolicy;
}

/** The arguments of a question to the table; the record is for record-level rules to come. */
type Question = { [R in Resource]: [action: ActionOn<R>, resource: R, record?: object] }[Resource];

const rank: Record<StaffRole, number> = { viewer: 0, agent: 1, manager: 2, admin: 3 };

/** Whether the role reaches what `needed` may; a partner stands in for an agent, never more. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  if (needed === 'partner') return true;
  return rank[role === 'partner' ? 'agent' : role] >= rank[needed];
}

/** The least role the table gives for an action on a resource; undefined if nobody may. */
export function leastRole(action: Action, resource: Resource): Role | undefined {
  const rules: Partial<Record<Action, Role>> = policy[resource];
  return Object.hasOwn(rules, action) ? rules[action] : undefined;
}

/** Whether the caller may take the action on the resource (or on that record of it). */
export function can(caller: Caller, ...[action, resource]: Question): boolean {
  if (caller.role === 'partner') return partnerMay(action, resource);
  const needed = leastRole(action, resource);
  return needed !== undefined && roleAtLeast(caller.role, needed);
}

/**
 * Everything the caller may, per resource and action of the table: the web app asks it to
 * leave out what would be refused (a partner's customer page has no quotes panel).
 */
export function permissionsOf(caller: Caller): Partial<Record<Resource, Action[]>> {
  const answer: Partial<Record<Resource, Action[]>> = {};
  for (const resource of Object.keys(policy) as Resource[]) {
    const actions = (Object.keys(policy[resource]) as Action[]).filter((action) =>
      can(caller, ...([action, resource] as Question)),
    );
    if (actions.length > 0) answer[resource] = actions;
  }
  return answer;
}

/** Whether a partner may take the action: on their resources, what an agent may, but no sharing. */
export function partnerMay(action: Action, resource: Resource): boolean {
  const needed = leastRole(action, resource);
  if (!partnerResources.has(resource) || action === 'manage' || action === 'share') return false;
  return needed !== undefined && roleAtLeast('agent', needed);
}

/** Like `can`, but refuses with a forbidden error that names the role needed. */
export function authorize(caller: Caller, ...question: Question): void {
  if (can(caller, ...question)) return;
  const needed = leastRole(question[0], question[1]);
  throw forbidden(
    caller.role === 'partner' && !partnerResources.has(question[1])
      ? `Partners have no access to ${question[1]}.`
      : needed
        ? `This needs the role ${needed} or higher; you are ${caller.role}.`
        : `No role may ${question[0]} a ${question[1]}.`,
  );
}
