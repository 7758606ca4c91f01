// The page-by-page writers under a reader that does not keep up: a writer must not take pages
// faster than the reader takes the file, or a slow download makes the server hold the whole list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportColumn, Lookups } from './exports.columns.ts';
import { csvChunks, jsonChunks, vcardChunks, xlsxStream } from './exports.writers.ts';

interface Row {
  name: string;
  note: string;
}

const pageCount = 400;
const pageSize = 50;

/** Pages of records that do not compress (hex of random bytes), counting how many were taken. */
function source() {
  const counter = { taken: 0 };
  async function* pages(): AsyncGenerator<Row[]> {
    for (let p = 0; p < pageCount; p++) {
      counter.taken++;
      yield Array.from({ length: pageSize }, (_, i) => ({
        name: `row ${p * pageSize + i}`,
        note: randomBytes(200).toString('hex'),
      }));
    }
  }
  return { counter, pages: pages() };
}

const columns: ExportColumn<Row>[] = [
  { key: 'name', label: { de: 'Name', en: 'Name' }, kind: 'text', lists: ['name'], value: (r) => r.name },
  { key: 'note', label: { de: 'Notiz', en: 'Note' }, kind: 'text', lists: ['note'], value: (r) => r.note },
];
const lookups: Lookups = { userEmail: () => null, stage: () => null };
const table = { columns, language: 'en' as const, lookups };

/** Waits until the writer has stopped taking pages (none for 100 ms), at most 3 s. */
async function settled(counter: { taken: number }) {
  let last = -1;
  for (let i = 0; i < 30 && counter.taken !== last; i++) {
    last = counter.taken;
    await sleep(100);
  }
  return counter.taken;
}

/** Reads the file, slowly enough that the writer waits; how many bytes, and the most listeners seen on it. */
async function drain(body: Readable) {
  let bytes = 0;
  let listeners = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    listeners = Math.max(listeners, body.listenerCount('close') + body.listenerCount('error'));
    await sleep(0);
  }
  return { bytes, listeners };
}

const writers: Record<string, (pages: AsyncIterable<Row[]>) => Readable> = {
  csv: (pages) => Readable.from(csvChunks(pages, { ...table, delimiter: ',' }), { objectMode: false }),
  json: (pages) => Readable.from(jsonChunks(pages), { objectMode: false }),
  vcf: (pages) =>
    Readable.from(
      vcardChunks(pages, (r) => `BEGIN:VCARD\r\nNOTE:${r.note}\r\nEND:VCARD\r\n`),
      {
        objectMode: false,
      },
    ),
  xlsx: (pages) =>
    xlsxStream(pages, { ...table, sheetName: 'rows' }, (error) => {
      throw error;
    }),
};

describe('export writers and a slow reader', () => {
  for (const [format, write] of Object.entries(writers)) {
    test(`${format}: a few pages ahead of the reader, not the whole list, no listeners left behind`, async () => {
      const { counter, pages } = source();
      const body = write(pages);
      const ahead = await settled(counter);
      // Each page is about 20 kB of output: a few pages fill the stream buffers.
      assert.ok(ahead < pageCount / 10, `${ahead} of ${pageCount} pages taken before the reader read anything`);
      // And once read, the whole list comes.
      const { bytes, listeners } = await drain(body);
      assert.equal(counter.taken, pageCount);
      assert.ok(bytes > pageCount * pageSize * 200, `${bytes} bytes`);
      // A wait for room leaves no listener behind on the file: they would add up page by page.
      assert.ok(listeners < 10, `${listeners} close and error listeners on the file`);
    });
  }
});
