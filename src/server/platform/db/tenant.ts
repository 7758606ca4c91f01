// Tenant transactions: every read and write of workspace data runs inside one, with the
// workspace (and acting user, for the audit trail) set for row-level security. An API
// request opens its transaction early, to look up its caller, and hands it on as a lease.
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from './schema.ts';
import { sendWithNext } from './intent.ts';

export type Tx = Transaction<Database> | Db;

export interface TenantScope {
  workspaceId: string;
  userId?: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids go into SQL text (see begin), so they must be UUIDs and nothing else. */
function checkScope(scope: TenantScope): void {
  if (!uuidPattern.test(scope.workspaceId)) throw new Error('invalid workspace id');
  if (scope.userId && !uuidPattern.test(scope.userId)) throw new Error('invalid user id');
}

/** The role every tenant transaction runs as: it owns no table, so row-level security binds it. */
export const appRole = 'farley_app';

/** How long a tenant transaction's statements may run, and the transaction sit idle (0: no limit). */
export interface TenantLimits {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

const defaultLimits: TenantLimits = { statementTimeoutMs: 5000, idleInTransactionTimeoutMs: 5000 };
const limitsOf = new WeakMap<Db, TenantLimits>();

/** Sets the limits of the tenant transactions run on `db` (openDatabases does, from the config). */
export function limitTenantTransactions(db: Db, limits: TenantLimits): void {
  limitsOf.set(db, { ...limits });
}

/**
 * Role, settings and limits are local to the transaction (`set local`, `set_config(…, true)`),
 * so nothing of them outlives it, whatever connection a pooler hands the next transaction. If
 * the role cannot be set, the transaction's first statement fails with it: the request ends
 * there. They go in with BEGIN, and all of it with the transaction's first statement: no
 * round trip of their own (sendWithNext; on a database without Farley's dialect, the
 * text simply runs at once). Inlining the ids is safe after checkScope, the limits are integers.
 *
 * JIT compilation is off: a server built with it (Debian's, most distributions') compiles any
 * plan its planner costs above `jit_above_cost`, and the record-access policies' conditions
 * lift a list page or a count over it — 60–70 ms of compiling for a query that runs in a few
 * (docs/performance.md, "Record access"). Farley's requests read few rows by index.
 */
async function begin(connection: Db, scope: TenantScope, limits: TenantLimits): Promise<void> {
  const statementMs = Math.trunc(limits.statementTimeoutMs);
  const idleMs = Math.trunc(limits.idleInTransactionTimeoutMs);
  await sendWithNext(
    sql.raw(
      `begin; set local role ${appRole}; select set_config('farley.workspace_id', '${scope.workspaceId}', true), ` +
        `set_config('farley.user_id', '${scope.userId ?? ''}', true), ` +
        `set_config('statement_timeout', '${statementMs}', true), ` +
        `set_config('idle_in_transaction_session_timeout', '${idleMs}', true), set_config('jit', 'off', true)`,
    ),
  ).execute(connection);
}

/** Runs `work` in the open transaction of `connection`, then commits, or rolls back if it throws. */
async function complete<T>(connection: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    const result = await work(connection);
    await sql.raw('commit').execute(connection);
    return result;
  } catch (error) {
    await sql
      .raw('rollback')
      .execute(connection)
      .catch(() => {});
    throw error;
  }
}

/**
 * A tenant transaction begun before anyone knew what it would carry: the auth hook opens one
 * per API request to look up the caller, and the request's first `inTenant` call takes it
 * over instead of checking out a second connection and beginning again. Exactly one party
 * ends it: whoever took it over, or else whoever opened it (`end`). Until then the request
 * holds a connection, so its first database work should be `inTenant(db, actor, …)` with the
 * actor itself: a request that checked out another connection first would hold two.
 */
export class Lease {
  #state: 'open' | 'taken' | 'ended' = 'open';

  constructor(
    readonly db: Db,
    readonly workspaceId: string,
    /** The leased connection, its transaction open. */
    readonly tx: Db,
    /** Gives the connection back to the pool; resolves once it is back. */
    readonly release: () => Promise<void>,
  ) {}

  /** Whether nobody has taken the lease over or ended it yet. */
  get open(): boolean {
    return this.#state === 'open';
  }

  /** The connection, to the first who asks while the lease is open; the taker then ends it. */
  take(): Db | null {
    if (this.#state !== 'open') return null;
    this.#state = 'taken';
    return this.tx;
  }

  /** Commits or rolls back and releases, unless it was taken over; safe to call twice. */
  async end(outcome: 'commit' | 'rollback'): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    try {
      await sql
        .raw(outcome)
        .execute(this.tx)
        .catch(() => sql.raw('rollback').execute(this.tx));
    } catch {
      // The connection is broken; the server ends its transaction with it.
    } finally {
      await this.release();
    }
  }
}

/** Opens a tenant transaction of the workspace on a connection kept until the lease ends. */
export async function beginLease(db: Db, workspaceId: string): Promise<Lease> {
  checkScope({ workspaceId });
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  let checkout!: Promise<void>;
  // Kysely returns a connection to the pool when this callback settles; it waits for
  // `letGo`, so the connection stays ours in between.
  const tx = await new Promise<Db>((resolve, reject) => {
    checkout = db.connection().execute(async (connection) => {
      resolve(connection);
      await held;
    });
    checkout.catch(reject);
  });
  const lease = new Lease(db, workspaceId, tx, async () => {
    letGo();
    await checkout.catch(() => {});
  });
  try {
    await begin(tx, { workspaceId }, limitsOf.get(db) ?? defaultLimits);
  } catch (error) {
    await lease.release();
    throw error;
  }
  return lease;
}

// Keyed by the scope object itself (a request's actor), so a lease is found only through the
// request it was opened for, and is forgotten with it.
const offers = new WeakMap<object, { lease: Lease; userId: string }>();

/**
 * Offers `lease` to the first inTenant call whose scope is `scope`, this very object. The
 * caller must already have set farley.user_id to `scope.userId` in the lease's transaction
 * (the auth lookup does so in its select list, which saves a round trip).
 */
export function attachLease(scope: TenantScope & { userId: string }, lease: Lease): void {
  checkScope(scope);
  if (scope.workspaceId !== lease.workspaceId) throw new Error('a lease serves the workspace it was opened for');
  offers.set(scope, { lease, userId: scope.userId });
}

export function leaseOf(scope: object): Lease | undefined {
  return offers.get(scope)?.lease;
}

/** The offered lease's connection, if it is still open and meant for exactly this call. */
function takeLease(db: Db, scope: TenantScope): Lease | null {
  const offer = offers.get(scope);
  if (!offer || offer.lease.db !== db) return null;
  // The scope object could have been changed since: the lease is for its workspace and user then.
  if (scope.workspaceId !== offer.lease.workspaceId || scope.userId !== offer.userId) return null;
  return offer.lease.take() ? offer.lease : null;
}

/**
 * Runs `work` in a transaction scoped to one workspace. If `scope` carries a lease nobody has
 * taken yet (the request's own transaction, see the auth hook), the work runs in that one;
 * either way the transaction ends here: commit, or rollback if `work` throws. Later calls get
 * transactions of their own, never a nested or shared one: services may catch an error and go
 * on, which a transaction aborted by that error would not let them do.
 */
export async function inTenant<T>(db: Db, scope: TenantScope, work: (tx: Db) => Promise<T>): Promise<T> {
  checkScope(scope);
  const lease = takeLease(db, scope);
  if (lease) {
    try {
      return await complete(lease.tx, work);
    } finally {
      await lease.release();
    }
  }
  return db.connection().execute(async (connection) => {
    await begin(connection, scope, limitsOf.get(db) ?? defaultLimits);
    return complete(connection, work);
  });
}
