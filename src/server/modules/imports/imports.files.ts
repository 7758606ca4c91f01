// Where an import's files live: under the data directory, one folder per workspace and
// import, named by ids only (never by what the uploader called the file), so a path can
// neither leave that folder nor reach another workspace's files.
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export const uploadName = 'upload';

/** The folder of one import, relative to the data directory. */
export function importFolder(workspaceId: string, importId: string): string {
  return path.join('imports', workspaceId, importId);
}

export function absolute(dataDir: string, relative: string): string {
  const root = path.resolve(dataDir, 'imports');
  const full = path.resolve(dataDir, relative);
  if (!full.startsWith(`${root}${path.sep}`)) throw new Error('an import path outside the imports folder');
  return full;
}

/** Thrown when an upload is larger than allowed (answered 413 like Fastify's own limit). */
export class TooLarge extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(`The file is larger than the ${limit} bytes an import may have.`);
  }
}

/** Streams `body` to `file` (creating its folder), counting bytes; past `limit` it stops and removes the file. */
export async function storeUpload(body: Readable, file: string, limit: number): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new TooLarge(limit));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    // Whatever the client still sends is drained by the server, not read into memory.
    body.resume();
    throw error;
  }
  return bytes;
}

/** The first bytes of a file (format detection, row estimates). */
export async function head(file: string, bytes = 65_536): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function removeFolder(dataDir: string, relative: string): Promise<void> {
  await rm(absolute(dataDir, relative), { recursive: true, force: true });
}
