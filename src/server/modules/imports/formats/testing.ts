// Helpers for the format tests: files written to a temporary folder, and a source read whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Source, SourceRow } from './types.ts';

let dir: string | undefined;

/** Writes bytes to a fresh file in this process's temporary folder (removed at exit). */
export function tempFile(name: string, content: Buffer | string): string {
  if (!dir) {
    const created = fs.mkdtempSync(path.join(os.tmpdir(), 'farley-formats-'));
    dir = created;
    process.on('exit', () => fs.rmSync(created, { recursive: true, force: true }));
  }
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

export async function allRows(source: Source): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows()) rows.push(row);
  return rows;
}

/** The shared reference data (vCard corpora, FEBRL): ../shared/data from the main checkout. */
export function sharedData(...parts: string[]): string {
  const candidates = [
    path.resolve('..', 'shared', 'data'),
    path.resolve('..', '..', 'shared', 'data'),
    '/work/shared/data',
  ];
  const base = candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0];
  return path.join(base, ...parts);
}
