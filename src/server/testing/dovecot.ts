// Test support: Debian's Dovecot as a real IMAP server, run in the foreground with the
// harness's own configuration, users file and maildirs in a fresh temp dir. It never reads
// /etc/dovecot and listens only on free loopback ports, so a system Dovecot (Debian's
// package enables one) neither helps nor collides.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

export interface Dovecot {
  host: string;
  /** Plain IMAP; STARTTLS is offered when `tlsPort` is set. */
  port: number;
  /** IMAP over TLS from the first byte (IMAPS), with a self-signed certificate. */
  tlsPort: number;
  /** The self-signed certificate (PEM), for clients that want to trust it explicitly. */
  certificate: string;
  /**
   * Where the users' maildirs are (`<mailRoot>/<login>`, made at a user's first login), for
   * writing many messages directly as local delivery does (bench/emailData.ts).
   */
  mailRoot: string;
  /** Adds a login (or changes its password); resolves once Dovecot's next login reads it. */
  addUser(email: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

const host = '127.0.0.1';
const dovecotBinary = process.env.FARLEY_DOVECOT ?? '/usr/sbin/dovecot';

interface Account {
  name: string;
  uid: number;
  gid: number;
  group: string;
}

function account(user: string): Account {
  const entry = spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.trim().split(':');
  if (entry.length < 4) throw new Error(`mail servers: the user ${user} does not exist`);
  const gid = Number(entry[3]);
  const group = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8' }).stdout.split(':')[0];
  if (!group) throw new Error(`mail servers: the group ${gid} of ${user} does not exist`);
  return { name: entry[0], uid: Number(entry[2]), gid, group };
}

/**
 * Who the Dovecot processes run as. As a normal user everything runs as that user. As root
 * (CI), Dovecot refuses root for its login processes and for mail access, so it uses the
 * users its Debian package creates (dovecot, dovenull) and Debian's `mail` user owns the mail.
 */
function processUsers() {
  if (process.getuid?.() === 0) return { internal: account('dovecot'), login: 'dovenull', mail: account('mail') };
  const me = account(os.userInfo().username);
  return { internal: me, login: me.name, mail: me };
}

function config(dir: string, ports: { imap: number; imaps: number }): string {
  const users = processUsers();
  return `# Written by the Farley test harness (src/server/testing/dovecot.ts).
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = farley-test-${path.basename(dir)}
log_path = ${dir}/dovecot.log
protocols = imap
listen = ${host}
default_internal_user = ${users.internal.name}
default_internal_group = ${users.internal.group}
default_login_user = ${users.login}
mail_uid = ${users.mail.uid}
mail_gid = ${users.mail.gid}
first_valid_uid = ${users.mail.uid}
first_valid_gid = ${users.mail.gid}
mail_location = maildir:${dir}/mail/%u
auth_mechanisms = plain login
disable_plaintext_auth = no
# Tests check wrong passwords; Dovecot's default of 2 s per failure only slows them down.
auth_failure_delay = 0
ssl = yes
ssl_cert = <${dir}/tls/cert.pem
ssl_key = <${dir}/tls/key.pem
passdb {
  driver = passwd-file
  args = ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
}
# The special-use folders mail clients look for, as in Debian's default configuration.
namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Sent {
    special_use = \\Sent
  }
  mailbox Trash {
    special_use = \\Trash
  }
  mailbox Junk {
    special_use = \\Junk
  }
}
# chroot needs root; the harness also runs as a normal user. No penalty for failed logins
# from an IP either: a test of a wrong password would slow down every later login.
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service ipc {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = ${ports.imaps}
    ssl = yes
  }
}
`;
}

async function selfSignedCertificate(dir: string): Promise<string> {
  fs.mkdirSync(dir);
  await promisify(execFile)('/usr/bin/openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    `subjectAltName=IP:${host},DNS:localhost`,
  ]);
  return fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
}

/**
 * Whether Dovecot greets on the port. A connection closed before the greeting would leave a
 * login process waiting on Dovecot's internals, and Dovecot would wait for it when stopping.
 */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setEncoding('latin1');
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('data', (greeting: string) => {
      socket.end('a LOGOUT\r\n');
      resolve(greeting.startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts Dovecot once; rejects with its own complaint (say, a port taken meanwhile). */
async function run(dir: string, conf: string, port: number): Promise<ChildProcess> {
  let output = '';
  // setpriv (util-linux) has the kernel stop Dovecot when this process dies, even by SIGKILL
  // or a test runner's timeout, where no exit handler runs.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGTERM', dovecotBinary, '-F', '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const log = fs.existsSync(`${dir}/dovecot.log`) ? fs.readFileSync(`${dir}/dovecot.log`, 'utf8') : '';
      reject(new Error(`dovecot exited (${code}):\n${output}${log}`));
    });
  });
  failed.catch(() => {});
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([greets(port), failed]))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`dovecot did not listen on ${host}:${port} within 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

export async function startDovecot(): Promise<Dovecot> {
  if (!fs.existsSync(dovecotBinary))
    throw new Error(`The mail tests need Dovecot at ${dovecotBinary}: apt-get install -y dovecot-imapd`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-mail-'));
  try {
    // Dovecot's mail processes run as the mail user and must pass through.
    fs.chmodSync(dir, 0o711);
    const mail = processUsers().mail;
    fs.mkdirSync(path.join(dir, 'mail'));
    fs.chownSync(path.join(dir, 'mail'), mail.uid, mail.gid);
    const users = path.join(dir, 'users');
    fs.writeFileSync(users, '');
    const certificate = await selfSignedCertificate(path.join(dir, 'tls'));
    const conf = path.join(dir, 'dovecot.conf');
    let child: ChildProcess | undefined;
    let ports = { imap: 0, imaps: 0 };
    // A free port can be taken by someone else before Dovecot binds it: then try other ones.
    for (let attempt = 1; !child; attempt++) {
      ports = { imap: await freePort(), imaps: await freePort() };
      fs.writeFileSync(conf, config(dir, ports));
      try {
        child = await run(dir, conf, ports.imap);
      } catch (error) {
        if (attempt === 3 || !String(error).includes('Address already in use')) throw error;
      }
    }
    const running = child;
    const logins = new Map<string, string>();
    // The users file's mtime in seconds since 1970: a counter, not the clock (see addUser).
    let usersVersion = Math.floor(Date.now() / 1_000);
    return {
      host,
      port: ports.imap,
      tlsPort: ports.imaps,
      certificate,
      mailRoot: path.join(dir, 'mail'),
      async addUser(email, password) {
        // Dovecot lower-cases logins (auth_username_format = %Lu) before it looks them up.
        const login = email.toLowerCase();
        if (/[:\s]/.test(login)) throw new Error(`mail servers: no colon or space in a login: ${email}`);
        // Base64 so that any password fits the colon-separated line.
        logins.set(login, `{PLAIN.b64}${Buffer.from(password).toString('base64')}`);
        const lines = [...logins].map(([login, hash]) => `${login}:${hash}::::::\n`);
        // Written aside and renamed: an auth process never reads half a file.
        fs.writeFileSync(`${users}.new`, lines.join(''));
        // Dovecot reloads the file when its mtime or size changed, seen in whole seconds: each
        // version gets a later mtime, so that a changed password of the same length counts too.
        usersVersion += 1;
        fs.utimesSync(`${users}.new`, usersVersion, usersVersion);
        fs.renameSync(`${users}.new`, users);
        // It looks at the file at most once per second (of its clock): a login in the second of
        // an earlier one would still find the old file. The next second's does not.
        await new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));
      },
      async stop() {
        if (running.exitCode === null && running.signalCode === null) {
          const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
          running.kill('SIGTERM');
          await exited(running);
          clearTimeout(timer);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
