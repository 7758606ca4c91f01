// Imports as the tests drive them through the API: a file uploaded, and a started import
// waited for until it has left 'running'.
import assert from 'node:assert/strict';
import type { Client } from './harness.ts';

/** Uploads `text` as a raw body. */
export async function uploadImport(client: Client, text: string, fileName = 'kontakte.csv', query = '') {
  const res = await client.request('POST', `/api/v1/imports?fileName=${fileName}${query}`, text, {
    'content-type': 'text/csv',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; columns: string[]; format: string; rowsEstimate: number | null };
}

/** Waits until the import has left 'running' (at most `seconds`); its run. */
export async function importFinished(client: Client, id: string, seconds = 15) {
  for (let i = 0; i < seconds * 40; i++) {
    const res = await client.get(`/api/v1/imports/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`import ${id} did not finish`);
}
