// Demo data: a workspace "Demo GmbH" (or a given one) filled with realistic German CRM
// data (international names and firms among them, every text German), the same for the
// same seed. Users, the team and the pipeline go through their services; the bulk of records is streamed with COPY over owner connections (see
// demo.load.ts), with the audit trigger switched off so that seeding millions of rows
// writes no audit rows. The library prints nothing; `farley demo` prints the result.
import crypto from 'node:crypto';
import pg from 'pg';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { createWorkspace, workspaceSettings } from '../workspaces/workspaces.service.ts';
import { seedDemoLetterhead } from '../letterhead/letterhead.demo.ts';
import { createUserIn, userService } from '../users/users.service.ts';
import { teamService } from '../teams/teams.service.ts';
import { createDefaultPipeline, pipelineService } from '../pipelines/pipelines.service.ts';
import { refreshWorkspaceQuality } from '../quality/quality.service.ts';
import { seedDemoOrders } from '../orders/orders.demo.ts';
import { runAnalytics } from '../analytics/index.ts';
import { seedDemoPotentials } from './demo.potentials.ts';
import { seedDemoAppointments } from './demo.appointments.ts';
import { bulkContacts, loadPlan, type LoadStep } from './demo.load.ts';
import { seedDemoPriceLists } from './demo.priceLists.ts';
import { seedDemoProducts } from './demo.products.ts';
import { seedDemoQuotes } from './demo.quotes.ts';
import { hash32 } from './demo.random.ts';
import { demoUsers, mailLocal } from './demo.names.ts';
import { dayMs, defaultCounts, scaledCounts, type DemoPlan, type DemoStage, type DemoUser } from './demo.world.ts';

export interface DemoOptions {
  /** Fill this existing workspace instead of creating "Demo GmbH". */
  workspaceId?: string;
  /** Scale to this many contacts (companies, deals, activities and tasks in proportion). */
  contacts?: number;
  /** The same seed gives the same data (times are placed relative to the day of seeding). */
  seed?: number;
  /** Told after each table is loaded (the library itself prints nothing). */
  progress?: (step: LoadStep) => void;
  /**
   * Load in bulk (secondary indexes and the word postings' keys dropped and built again)
   * whatever the size; by default from `bulkContacts` on. Only for a database nobody uses
   * meanwhile: a bulk load locks its tables until it commits.
   */
  bulk?: boolean;
}

export interface DemoResult {
  workspaceId: string;
  /** The demo admin's login; only when the workspace was created here. */
  adminEmail?: string;
  adminPassword?: string;
  counts: Record<string, number>;
}

export const defaultSeed = 20_240_601;

interface Setup {
  workspaceId: string;
  login?: { email: string; password: string };
  users: DemoUser[];
  counts: Record<string, number>;
}

/** A new workspace with the demo admin, three colleagues and a sales team. */
async function createDemoWorkspace(ctx: AppContext): Promise<Setup> {
  const suffix = crypto.randomBytes(3).toString('hex');
  const email = `demo-${suffix}@farley.example`;
  const password = crypto.randomBytes(12).toString('base64url');
  const [admin, ...colleagues] = demoUsers;
  const { workspaceId, userId } = await createWorkspace(ctx, {
    name: 'Demo GmbH',
    adminEmail: email,
    adminPassword: password,
    adminName: admin.name,
  });
  const users: DemoUser[] = [{ id: userId, name: admin.name }];
  await inTenant(ctx.db.app, { workspaceId, userId }, async (tx) => {
    for (const colleague of colleagues) {
      // Colleagues have no password: they own and author records, the demo admin signs in.
      const row = await createUserIn(tx, workspaceId, {
        email: `${mailLocal(colleague.name)}-${suffix}@farley.example`,
        name: colleague.name,
        role: colleague.role,
      });
      users.push({ id: row.id, name: colleague.name });
    }
    await seedDemoLetterhead(tx, workspaceId, admin.name);
  });
  const actor: Actor = { workspaceId, userId, role: 'admin', via: 'token' };
  await teamService(ctx).create(actor, {
    name: 'Vertrieb Innendienst',
    description: 'Vertrieb im Innendienst: Angebote, Nachfassen, Bestandskunden',
    memberIds: users.slice(1).map((u) => u.id),
  });
  return { workspaceId, login: { email, password }, users, counts: { users: users.length, teams: 1 } };
}

/** An existing workspace: its active users own and author the demo records. */
async function existingWorkspace(ctx: AppContext, workspaceId: string): Promise<Setup> {
  const actor: Actor = { workspaceId, userId: '', role: 'admin', via: 'token' };
  const exists = await inTenant(
    ctx.db.app,
    actor,
    async (tx) => (await tx.selectFrom('workspaces').select('id').execute()).length > 0,
  );
  if (!exists) throw new Error(`no workspace ${workspaceId}`);
  const users: DemoUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await userService(ctx).list(actor, { limit: 500, cursor, active: 'true' });
    users.push(...page.data.map((user) => ({ id: user.id, name: user.name })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (users.length === 0) throw new Error(`workspace ${workspaceId} has no active user to own the demo records`);
  return { workspaceId, users, counts: { users: 0, teams: 0 } };
}

/** The default pipeline's stages (created first if the workspace has none). */
async function defaultStages(ctx: AppContext, workspaceId: string, userId: string): Promise<DemoStage[]> {
  const actor: Actor = { workspaceId, userId, role: 'admin', via: 'token' };
  const find = async () => (await pipelineService(ctx).list(actor, { limit: 500, isDefault: 'true' })).data[0];
  let pipeline = await find();
  if (!pipeline) {
    await inTenant(ctx.db.app, actor, (tx) => createDefaultPipeline(tx, workspaceId));
    pipeline = await find();
  }
  return pipeline.stages.map((stage) => ({
    id: stage.id,
    pipelineId: pipeline.id,
    probability: stage.probability,
    kind: stage.kind,
  }));
}

/**
 * A salt for the ids: ids stay unique across workspaces, and seeding the same workspace
 * twice adds records instead of colliding with the first load.
 */
async function idSalt(client: pg.ClientBase, workspaceId: string): Promise<number> {
  // The workspace's own rows, seen by the owner as maintenance (migration 0016).
  await client.query(`begin; set local farley.maintenance = 'on'`);
  const { rows } = await client.query<{ n: number }>(
    'select (select count(*) from contacts where workspace_id = $1) + (select count(*) from activities where workspace_id = $1) as n',
    [workspaceId],
  );
  await client.query('commit');
  const words = workspaceId
    .replace(/-/g, '')
    .match(/.{8}/g)!
    .map((word) => parseInt(word, 16));
  return hash32(...words, Number(rows[0].n));
}

export async function seedDemoWorkspace(
  ctx: AppContext,
  options: DemoOptions & { workspaceId?: undefined },
): Promise<DemoResult & { adminEmail: string; adminPassword: string }>;
export async function seedDemoWorkspace(ctx: AppContext, options: DemoOptions): Promise<DemoResult>;
export async function seedDemoWorkspace(ctx: AppContext, options: DemoOptions): Promise<DemoResult> {
  const seed = options.seed ?? defaultSeed;
  const shape = options.contacts === undefined ? defaultCounts : scaledCounts(options.contacts);
  const setup = options.workspaceId
    ? await existingWorkspace(ctx, options.workspaceId)
    : await createDemoWorkspace(ctx);
  const { workspaceId } = setup;
  const stages = await defaultStages(ctx, workspaceId, setup.users[0].id);
  const { defaultCurrency } = await inTenant(ctx.db.app, { workspaceId }, (tx) => workspaceSettings(tx, workspaceId));

  // Plain connections with the owner's credentials: COPY needs the driver's own client,
  // which the Kysely pool does not hand out.
  const clients: [pg.Client, pg.Client] = [
    new pg.Client({ connectionString: ctx.db.url }),
    new pg.Client({ connectionString: ctx.db.url }),
  ];
  try {
    for (const client of clients) client.on('error', () => {}); // surfaced by the failing query instead
    await Promise.all(clients.map((client) => client.connect()));
    const now = Date.now();
    const plan: DemoPlan = {
      ...shape,
      seed,
      workspaceId,
      currency: defaultCurrency,
      users: setup.users,
      stages,
      today: now - (now % dayMs),
      idSalt: await idSalt(clients[0], workspaceId),
    };
    const counts = await loadPlan(clients, plan, {
      bulk: options.bulk ?? plan.contacts >= bulkContacts,
      progress: options.progress,
    });
    // The default demo (a few hundred records) is scored at once, so the data-quality overview
    // has something to show; a load of a chosen size leaves it to the nightly job rather than
    // slow the load down.
    if (options.contacts === undefined) await refreshWorkspaceQuality(ctx, workspaceId);
    const products = await seedDemoProducts(ctx, {
      workspaceId,
      userId: setup.users[0].id,
      role: 'admin',
      via: 'token',
    });
    // Through the services, so audited: only in a workspace made here, as its users and team
    // are; a load into an existing workspace leaves its audit log alone.
    const priceLists = setup.login ? await seedDemoPriceLists(ctx, workspaceId, setup.users[0].id) : {};
    // The default demo shows sales documents too; a load of a chosen size is about volume.
    const quotes = options.contacts === undefined ? await seedDemoQuotes(ctx, workspaceId, setup.users[0].id) : null;
    // The default demo's customers have bought something (a purchase history on their pages).
    if (options.contacts === undefined) {
      counts.orders = await seedDemoOrders(ctx, workspaceId, seed, plan.today);
      // … and are classified and valued already, as the nightly run would have done.
      counts.analyticsCustomers = (await runAnalytics(ctx, { workspaceId, userId: null })).customers;
      counts.potentials = await seedDemoPotentials(ctx, workspaceId, setup.users[0].id);
      // … and have their visits in the calendar, this week and the next.
      counts.appointments = await seedDemoAppointments(ctx, workspaceId, setup.users);
    }
    return {
      workspaceId,
      ...(setup.login ? { adminEmail: setup.login.email, adminPassword: setup.login.password } : {}),
      counts: {
        ...setup.counts,
        ...counts,
        products,
        ...priceLists,
        // Each quote and each appointment has its activity on the timeline.
        activities: (counts.activities ?? 0) + (quotes?.activities ?? 0) + (counts.appointments ?? 0),
        ...(quotes && { quotes: quotes.quotes }),
      },
    };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
