// Session cookies and API tokens share one format: fy1.<workspace>.<record>.<secret>.
// The workspace travels in the credential, so a lookup never crosses workspaces; only a
// SHA-256 hash of the secret is stored.
import crypto from 'node:crypto';

export interface Credential {
  workspaceId: string;
  recordId: string;
  secret: string;
}

// Strict UUIDs: the workspace id goes into the SQL that opens the tenant transaction.
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const pattern = new RegExp(`^fy1\\.(${uuid})\\.(${uuid})\\.([A-Za-z0-9_-]{43})$`);

export function mintCredential(workspaceId: string, recordId: string): { credential: string; secretHash: Buffer } {
  const secret = crypto.randomBytes(32).toString('base64url');
  return { credential: `fy1.${workspaceId}.${recordId}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseCredential(value: string): Credential | null {
  const match = pattern.exec(value);
  return match ? { workspaceId: match[1], recordId: match[2], secret: match[3] } : null;
}

export function hashSecret(secret: string): Buffer {
  return crypto.createHash('sha256').update(secret).digest();
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hash.length && crypto.timingSafeEqual(candidate, hash);
}

// App passwords (the DAV server's): typed on a phone, so short, in groups, and without
// characters that look alike (no l, 1, o, 0). 20 characters of 32 kinds: 100 bits. The
// username beside it (the user's email) finds the workspace, so it needs no ids inside.
const appPasswordAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Dashes, spaces and case do not count: a phone's keyboard may add or change them. */
export function normalizeAppPassword(value: string): string {
  return value.replace(/[\s-]/g, '').toLowerCase();
}

export function mintAppPassword(): { password: string; secretHash: Buffer } {
  const bytes = crypto.randomBytes(20);
  const chars = Array.from(bytes, (b) => appPasswordAlphabet[b & 31]).join('');
  const password = chars.match(/.{5}/g)!.join('-');
  return { password, secretHash: hashSecret(chars) };
}
