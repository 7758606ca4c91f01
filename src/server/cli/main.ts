// The `farley` command. Every subcommand prints JSON on success, and a message with a
// non-zero exit code on failure.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, type Config } from '../platform/config.ts';
import type { Databases } from '../platform/db/database.ts';
import { roles } from '../../contract/users.ts';
import type { AppContext } from '../platform/context.ts';

// The server and the services are loaded only by the commands that need them, so that
// `--help` and mistakes in the options are answered at once.
const server = () => import('../server.ts');
const tenant = () => import('../platform/db/tenant.ts');

const usage = `Usage: farley <command> [options]

  start                                   run the server (default)
  migrate                                 apply database migrations
  workspace create --name NAME --admin-email E --admin-password P
  user create --workspace ID --email E --password P --role admin|manager|agent|viewer [--name N]
  token create --email E [--workspace ID] [--name LABEL]   an API token for that user (shown once)
  demo [--workspace ID] [--contacts N]    fill a (new) workspace with demo data
  reminders                               send due task reminders now (the server does it every minute)
  quality [--workspace ID]                score contacts and companies now (the server does it nightly)
  duplicates --workspace ID --type contacts|companies [--min-score S]
                                          scan for duplicates now and print the pairs (default S 0.5)
  import contacts|companies|deals|activities|notes|products|orders --workspace ID --file PATH [--format csv|xlsx|vcf|json]
         [--mapping mapping.json] [--match none|customerNumber|email|duplicates|sku] [--update fillEmpty|overwrite]
         [--on-invalid reject|skipValue] [--encoding E] [--delimiter D] [--sheet S] [--dry-run]
         [--create-customers]   (orders: an unknown customer number makes a new contact)
  analytics run --workspace ID [--as-of YYYY-MM-DD]
                                          run the analyses now (ABC, RFM, lifetime value) and print the run
  backup [--file PATH] [--workspace ID|NAME]
                                          write a consistent backup of the database (or one workspace)
                                          while Farley runs; default file farley-backup-<time>.tar.gz
  restore --file PATH [--name NAME]       restore a backup into an empty data directory or database;
                                          a workspace backup also into this installation (docs/operations.md)
  secrets reseal                          after a key rotation: seal every mailbox password with the
                                          current FARLEY_SECRET_KEY (old keys in FARLEY_SECRET_KEYS_OLD)

Configuration comes from environment variables; see the README.`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function check<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${name}: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** A password to set, by the rules of new passwords (modules/auth/passwordRules.ts). */
async function newPassword(
  values: Record<string, unknown>,
  name: string,
  owner: { email?: string; name?: string },
): Promise<string> {
  const password = required(values, name);
  const { passwordProblem } = await import('../modules/auth/passwordRules.ts');
  const problem = await passwordProblem(password, owner);
  if (problem) throw new UsageError(`--${name}: ${problem.message}`);
  return password;
}

async function withContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await (await server()).openContext(loadConfig());
  try {
    return await work(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** The databases without migrating them: a backup leaves the database as it is, a restore migrates itself. */
async function withDatabases<T>(work: (db: Databases, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openDatabases } = await import('../platform/db/database.ts');
  const db = await openDatabases(config);
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<unknown> {
  const [command = 'start', sub] = argv;
  const rest = argv.slice(['workspace', 'user', 'token', 'import', 'analytics', 'secrets'].includes(command) ? 2 : 1);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      workspace: { type: 'string' },
      type: { type: 'string' },
      'min-score': { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      contacts: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      mapping: { type: 'string' },
      match: { type: 'string' },
      update: { type: 'string' },
      'on-invalid': { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'create-customers': { type: 'boolean' },
      'as-of': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  switch (command) {
    case 'start':
      await (await server()).startServer();
      return undefined;
    case 'migrate':
      return withContext(async () => ({ migrated: true }));
    case 'workspace': {
      if (sub !== 'create') throw new UsageError('use: farley workspace create ...');
      const input = {
        name: required(values, 'name'),
        adminEmail: check(z.email(), required(values, 'admin-email'), 'admin-email'),
        adminPassword: '',
      };
      input.adminPassword = await newPassword(values, 'admin-password', { email: input.adminEmail });
      const { createWorkspace } = await import('../modules/workspaces/workspaces.service.ts');
      return withContext((ctx) => createWorkspace(ctx, input));
    }
    case 'user': {
      if (sub !== 'create') throw new UsageError('use: farley user create ...');
      const workspaceId = check(z.uuid(), required(values, 'workspace'), 'workspace');
      const email = check(z.email(), required(values, 'email'), 'email');
      const password = await newPassword(values, 'password', { email, name: values.name });
      const role = check(z.enum(roles), required(values, 'role'), 'role');
      const { inTenant } = await tenant();
      const { createUserIn } = await import('../modules/users/users.service.ts');
      return withContext(async (ctx) => {
        const user = await inTenant(ctx.db.app, { workspaceId }, async (tx) => {
          const exists = await tx
            .selectFrom('workspaces')
            .select('id')
            .where('id', '=', workspaceId)
            .executeTakeFirst();
          if (!exists) throw new UsageError(`no workspace ${workspaceId}`);
          return createUserIn(tx, workspaceId, { email, password, role, name: values.name ?? email.split('@')[0] });
        });
        return { workspaceId, userId: user.id };
      });
    }
    case 'token': {
      if (sub !== 'create') throw new UsageError('use: farley token create --email E [--workspace ID] [--name LABEL]');
      const email = required(values, 'email').trim().toLowerCase();
      const { inTenant } = await tenant();
      const { createTokenIn } = await import('../modules/tokens/tokens.service.ts');
      return withContext(async (ctx) => {
        // An email may be a user's in several workspaces; then --workspace says which.
        const logins = await ctx.db.app
          .selectFrom('user_logins')
          .selectAll()
          .where('email', '=', email)
          .$if(values.workspace !== undefined, (q) => q.where('workspace_id', '=', values.workspace!))
          .execute();
        if (logins.length === 0) throw new UsageError(`no user with the email ${email}`);
        if (logins.length > 1)
          throw new UsageError(`the email ${email} is a user's in several workspaces: add --workspace ID`);
        const login = logins[0];
        const { token, row } = await inTenant(
          ctx.db.app,
          { workspaceId: login.workspace_id, userId: login.user_id },
          (tx) => createTokenIn(tx, login.workspace_id, { userId: login.user_id, name: values.name ?? 'CLI token' }),
        );
        return { token, tokenId: row.id, workspaceId: login.workspace_id, userId: login.user_id };
      });
    }
    case 'demo': {
      const contacts =
        values.contacts === undefined
          ? undefined
          : check(z.coerce.number().int().min(0).max(20_000_000), values.contacts, 'contacts');
      const workspaceId = values.workspace === undefined ? undefined : check(z.uuid(), values.workspace, 'workspace');
      const { seedDemoWorkspace } = await import('../modules/demo/demo.service.ts');
      // Progress goes to stderr, a line per table and index, so stdout stays one JSON result.
      const progress = ({ table, rows, ms }: { table: string; rows: number; ms: number }) =>
        process.stderr.write(
          `demo: ${table}${rows ? ` ${rows.toLocaleString('en')} rows` : ''} in ${(ms / 1000).toFixed(1)} s\n`,
        );
      return withContext((ctx) => seedDemoWorkspace(ctx, { workspaceId, contacts, progress }));
    }
    case 'reminders': {
      const { markDueReminders } = await import('../modules/tasks/tasks.reminders.ts');
      return withContext(async (ctx) => ({ reminded: await markDueReminders(ctx) }));
    }
    case 'quality': {
      const workspaceId = values.workspace === undefined ? undefined : check(z.uuid(), values.workspace, 'workspace');
      const { refreshAllQuality, refreshWorkspaceQuality } = await import('../modules/quality/quality.service.ts');
      return withContext(async (ctx) => ({
        scored: workspaceId ? await refreshWorkspaceQuality(ctx, workspaceId) : await refreshAllQuality(ctx),
      }));
    }
    case 'duplicates': {
      const workspaceId = check(z.uuid(), required(values, 'workspace'), 'workspace');
      const type = check(z.enum(['contacts', 'companies']), required(values, 'type'), 'type');
      const minScore = check(z.coerce.number().min(0).max(1), values['min-score'] ?? '0.5', 'min-score');
      const { scanAndList } = await import('../modules/duplicates/duplicates.service.ts');
      return withContext((ctx) => scanAndList(ctx, workspaceId, type, minScore));
    }
    case 'import': {
      const { importCommand } = await import('../modules/imports/imports.cli.ts');
      const input = await importCommand(sub, values, (message) => new UsageError(message));
      const { importFromCli } = await import('../modules/imports/imports.service.ts');
      return withContext((ctx) => importFromCli(ctx, input));
    }
    case 'backup': {
      const { takeBackup, backupFileName } = await import('../modules/backup/backup.service.ts');
      const file = values.file ?? backupFileName(new Date(), values.workspace);
      return withDatabases((db, config) =>
        takeBackup({ url: db.url, dataDir: config.dataDir }, { file, workspace: values.workspace }),
      );
    }
    case 'restore': {
      const file = required(values, 'file');
      const { restoreBackup, verifyBackup } = await import('../modules/backup/backup.restore.ts');
      // Checked before the database is touched: a damaged file leaves no new data directory behind.
      const verified = await verifyBackup(file);
      return withDatabases((db, config) =>
        restoreBackup({ url: db.url, owner: db.owner, dataDir: config.dataDir }, file, { name: values.name, verified }),
      );
    }
    case 'secrets': {
      if (sub !== 'reseal') throw new UsageError('use: farley secrets reseal');
      const { resealMailboxPasswords } = await import('../modules/mailboxes/mailboxes.service.ts');
      return withContext((ctx) => resealMailboxPasswords(ctx));
    }
    case 'analytics': {
      if (sub !== 'run') throw new UsageError('use: farley analytics run --workspace ID [--as-of YYYY-MM-DD]');
      const workspaceId = check(z.uuid(), required(values, 'workspace'), 'workspace');
      const asOf =
        values['as-of'] === undefined
          ? undefined
          : check(z.iso.date({ message: 'a date like 2026-12-31' }), values['as-of'], 'as-of');
      const { runAnalytics } = await import('../modules/analytics/index.ts');
      const { inTenant } = await tenant();
      return withContext(async (ctx) => {
        const exists = await inTenant(ctx.db.app, { workspaceId }, (tx) =>
          tx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst(),
        );
        if (!exists) throw new UsageError(`no workspace ${workspaceId}`);
        return runAnalytics(ctx, { workspaceId, userId: null }, { asOf });
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).then(
  (result) => {
    if (result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string } | undefined)?.code;
    const friendly = code === '23505' ? 'that email is already in use' : message;
    process.stderr.write(`farley: ${friendly}\n`);
    process.exit(error instanceof UsageError || code === '23505' ? 2 : 1);
  },
);
