// Secrets Farley must be able to read back (a mailbox's IMAP and SMTP passwords), sealed with
// AES-256-GCM before they reach the database: a dump or a backup of the database alone does
// not give them away. The key comes from FARLEY_SECRET_KEY (32 bytes, base64 or hex), else
// from the file `secret.key` in the data directory, created with mode 0600 on first use.
// Older keys stay readable during a rotation: FARLEY_SECRET_KEYS_OLD lists them
// (comma-separated), and `keyId` in each sealed value says which key sealed it.
import crypto from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const version = 1;
const ivBytes = 12;
const tagBytes = 16;
const idBytes = 4;

export interface SecretKeys {
  /** The key new secrets are sealed with. */
  current: Buffer;
  /** Every key a sealed secret may name, by its id (the current one among them). */
  byId: Map<string, Buffer>;
}

/** A key's id: the first bytes of its hash, stored with each sealed value (not secret). */
const idOf = (key: Buffer) => crypto.createHash('sha256').update(key).digest().subarray(0, idBytes).toString('hex');

/** A key from its text form: 32 bytes as base64 or hex; a clear error otherwise. */
export function parseKey(text: string, name: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes as base64 or hex (openssl rand -base64 32)`);
  return key;
}

/**
 * The keys of this installation: FARLEY_SECRET_KEY, or the data directory's key file (made
 * on first use), and the old keys of FARLEY_SECRET_KEYS_OLD.
 */
export function loadSecretKeys(env: NodeJS.ProcessEnv, dataDir: string): SecretKeys {
  let current: Buffer;
  if (env.FARLEY_SECRET_KEY) current = parseKey(env.FARLEY_SECRET_KEY, 'FARLEY_SECRET_KEY');
  else {
    const file = path.join(dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      // `wx`: two processes starting at once do not overwrite each other's key.
      try {
        writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    current = parseKey(readFileSync(file, 'utf8'), file);
  }
  const old = (env.FARLEY_SECRET_KEYS_OLD ?? '')
    .split(',')
    .filter((text) => text.trim())
    .map((text) => parseKey(text, 'FARLEY_SECRET_KEYS_OLD'));
  return { current, byId: new Map([...old, current].map((key) => [idOf(key), key])) };
}

/** `plain` sealed: version, key id, IV, tag and ciphertext in one buffer. */
export function seal(keys: SecretKeys, plain: string): Buffer {
  const iv = crypto.randomBytes(ivBytes);
  const cipher = crypto.createCipheriv('aes-256-gcm', keys.current, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), Buffer.from(idOf(keys.current), 'hex'), iv, cipher.getAuthTag(), body]);
}

/** The key id a sealed value names (to find what a rotation has yet to re-seal). */
export function keyIdOf(sealed: Buffer): string {
  return sealed.subarray(1, 1 + idBytes).toString('hex');
}

/** The secret back; an error when its key is unknown or it was tampered with. */
export function open(keys: SecretKeys, sealed: Buffer): string {
  if (sealed.length < 1 + idBytes + ivBytes + tagBytes || sealed[0] !== version)
    throw new Error('not a sealed secret of this version');
  const key = keys.byId.get(keyIdOf(sealed));
  if (!key) throw new Error('the secret was sealed with a key this installation does not have');
  const ivAt = 1 + idBytes;
  const tagAt = ivAt + ivBytes;
  const bodyAt = tagAt + tagBytes;
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(ivAt, tagAt));
  decipher.setAuthTag(sealed.subarray(tagAt, bodyAt));
  return Buffer.concat([decipher.update(sealed.subarray(bodyAt)), decipher.final()]).toString('utf8');
}

/** Whether `sealed` was sealed with an old key (a rotation re-seals it with the current one). */
export const needsResealing = (keys: SecretKeys, sealed: Buffer) => keyIdOf(sealed) !== idOf(keys.current);
