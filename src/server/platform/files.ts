// The file store: bytes kept once under their SHA-256 in the data directory
// (<dataDir>/files/ab/cd/<sha256>), whoever refers to them. A file is written to a temporary
// name and renamed, so a reader never sees half of one; writing the same bytes twice is a no-op.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';

const shaPattern = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the file of a SHA-256 lives; throws on anything that is not one (no path tricks). */
export function filePath(dataDir: string, sha256: string): string {
  if (!shaPattern.test(sha256)) throw new Error('not a SHA-256');
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Stores `bytes` (once) and answers their SHA-256. */
export async function putFile(dataDir: string, bytes: Buffer | Uint8Array): Promise<string> {
  const sha256 = sha256Of(bytes);
  const file = filePath(dataDir, sha256);
  try {
    await stat(file);
    return sha256;
  } catch {
    // Not there yet.
  }
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes, { mode: 0o600 });
  await rename(temporary, file);
  return sha256;
}

export async function readStoredFile(dataDir: string, sha256: string): Promise<Buffer> {
  return readFile(filePath(dataDir, sha256));
}

/** Removes stored files; the caller has made sure nothing refers to them any more. */
export async function removeStoredFiles(dataDir: string, sha256s: string[]): Promise<void> {
  for (const sha256 of sha256s) await rm(filePath(dataDir, sha256), { force: true });
}
