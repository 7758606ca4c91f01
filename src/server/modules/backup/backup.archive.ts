// The backup file: a gzip'd tar archive (POSIX ustar), written and read as a stream so that
// a database of any size passes through in bounded memory. Plain tar, so an operator can look
// inside with `tar tzf` and read manifest.json with `tar xzOf FILE manifest.json`. The
// format is small enough to write here rather than depend on a tar package.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';

const block = 512;
const zeros = Buffer.alloc(block * 2);

/** A damaged, truncated or foreign file: the restore stops with this message. */
export class DamagedBackup extends Error {}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar header; sizes past 8 GiB use the base-256 form GNU tar and others read. */
function header(name: string, size: number, mtime: Date): Buffer {
  const buffer = Buffer.alloc(block);
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  buffer.write(name, 0, 100, 'utf8');
  buffer.write(octal(0o600, 8), 100, 'ascii');
  buffer.write(octal(0, 8), 108, 'ascii');
  buffer.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) buffer.write(octal(size, 12), 124, 'ascii');
  else {
    buffer[124] = 0x80;
    buffer.writeBigUInt64BE(BigInt(size), 128);
  }
  buffer.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  buffer.write('        ', 148, 'ascii');
  buffer.write('0', 156, 'ascii');
  buffer.write('ustar\0', 257, 'ascii');
  buffer.write('00', 263, 'ascii');
  buffer.write('farley', 265, 'ascii');
  buffer.write('farley', 297, 'ascii');
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return buffer;
}

function parseSize(field: Buffer): number {
  if (field[0] & 0x80) return Number(field.readBigUInt64BE(4));
  return Number.parseInt(field.toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
}

/** Writes entries into a gzip'd tar file; `close` ends the archive and waits for the disk. */
export class ArchiveWriter {
  readonly #gzip = zlib.createGzip({ level: 6 });
  readonly #file: WriteStream;
  readonly #done: Promise<void>;

  constructor(path: string) {
    this.#file = createWriteStream(path, { mode: 0o600 });
    this.#gzip.pipe(this.#file);
    this.#done = finished(this.#file);
    // Errors surface through write/close; this keeps an early one from going unhandled.
    this.#done.catch(() => {});
  }

  async #write(chunk: Buffer): Promise<void> {
    if (!this.#gzip.write(chunk)) await Promise.race([once(this.#gzip, 'drain'), this.#done]);
  }

  /** An entry whose bytes are known up front (the manifest). */
  async add(name: string, bytes: Buffer): Promise<void> {
    await this.#write(header(name, bytes.length, new Date()));
    await this.#write(bytes);
    await this.#pad(bytes.length);
  }

  /** An entry copied from a file of `size` bytes (a spooled table, a stored file). */
  async addFile(name: string, path: string, size: number): Promise<void> {
    await this.#write(header(name, size, new Date()));
    let written = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      const part = written + chunk.length > size ? chunk.subarray(0, size - written) : chunk;
      written += part.length;
      await this.#write(part);
    }
    if (written !== size) throw new Error(`${path} changed while it was being archived`);
    await this.#pad(size);
  }

  async #pad(size: number): Promise<void> {
    const rest = size % block;
    if (rest) await this.#write(Buffer.alloc(block - rest));
  }

  async close(): Promise<void> {
    this.#gzip.end(zeros);
    await this.#done;
  }

  /** Stops writing after a failure (the caller removes the file). */
  destroy(): void {
    this.#gzip.destroy();
    this.#file.destroy();
  }
}

/** One entry of an archive being read; its body must be read (or skipped) before the next. */
export interface ArchiveEntry {
  name: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteSource {
  #chunks: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(stream: AsyncIterable<Buffer>) {
    this.#chunks = stream[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async some(max: number): Promise<Buffer | null> {
    if (this.#buffer.length === 0) {
      const next = await this.#chunks.next();
      if (next.done) return null;
      this.#buffer = next.value;
    }
    const part = this.#buffer.subarray(0, max);
    this.#buffer = this.#buffer.subarray(part.length);
    return part;
  }

  /** Exactly `count` bytes; fewer means the file ended early. */
  async exactly(count: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < count) {
      const part = await this.some(count - have);
      if (!part) throw new DamagedBackup('the backup file ends too early: it is incomplete');
      parts.push(part);
      have += part.length;
    }
    return Buffer.concat(parts);
  }
}

/** What zlib says of a broken file, in the operator's words. */
function damaged(error: unknown): Error {
  if (error instanceof DamagedBackup) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return error as Error;
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new DamagedBackup(
      `the backup file is damaged or incomplete (${(error as Error).message}): it cannot be restored; use another backup`,
    );
  return error as Error;
}

/** The entries of a gzip'd tar file, in order; a damaged file throws DamagedBackup. */
export async function* readArchive(path: string): AsyncGenerator<ArchiveEntry> {
  const gunzip = createReadStream(path).pipe(zlib.createGunzip());
  // A read error of the file itself (not found) reaches the consumer through gunzip.
  const source = new ByteSource(gunzip as AsyncIterable<Buffer>);
  let entries = 0;
  try {
    for (;;) {
      const head = await source.exactly(block);
      if (head.every((byte) => byte === 0)) return;
      const magic = head.toString('ascii', 257, 262);
      let sum = 0;
      for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : head[i];
      const stored = Number.parseInt(head.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
      if (magic !== 'ustar' || sum !== stored)
        throw new DamagedBackup(
          entries === 0
            ? 'this is not a Farley backup file'
            : 'the backup file is damaged: it cannot be restored; use another backup',
        );
      entries++;
      const name = head.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseSize(head.subarray(124, 136));
      let left = size;
      const next = async () => {
        const part = await source.some(left).catch((error) => {
          throw damaged(error);
        });
        if (!part) throw new DamagedBackup('the backup file ends too early: it is incomplete');
        left -= part.length;
        return part;
      };
      const body = (async function* () {
        while (left > 0) yield await next();
      })();
      yield { name, size, body };
      // Whatever the reader left of the body is skipped.
      while (left > 0) await next();
      const rest = size % block;
      if (rest) await source.exactly(block - rest);
    }
  } catch (error) {
    throw damaged(error);
  } finally {
    gunzip.destroy();
  }
}
