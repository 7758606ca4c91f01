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
