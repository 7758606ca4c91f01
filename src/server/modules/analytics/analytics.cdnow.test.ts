// The published CDNOW results (Fader, Hardie and Lee 2005; ../shared/data/cdnow/README.md)
// reproduced the way a workspace gets them: the 6,919 purchases of the 2,357-customer sample
// come in through Farley's own order import (customers made from their customer numbers), and
// an analytics run as of 1997-09-30, the end of the 39-week calibration period, fits the models.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { harness, type Client, type Harness } from '../../testing/harness.ts';
import { sharedData } from '../imports/formats/testing.ts';
import { runAnalytics } from './analytics.service.ts';

let h: Harness;
let api: Client;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'farley-cdnow-'));
  h = await harness({ env: { FARLEY_DATA_DIR: dataDir } });
  api = await h.workspace();
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

const significant = (value: number) => Number(value.toPrecision(3));

async function importOrders(text: string) {
  const upload = await api.request('POST', '/api/v1/imports?fileName=cdnow.csv&recordType=orders', text, {
    'content-type': 'text/csv',
  });
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  const started = await api.post(`/api/v1/imports/${upload.body.id}/start`, {
    recordType: 'orders',
    mapping: upload.body.guessedMapping,
    createCustomers: true,
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 2400; i++) {
    const res = await api.get(`/api/v1/imports/${upload.body.id}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

describe('CDNOW through the order import', () => {
  test('BG/NBD and Gamma-Gamma as published', async () => {
    // master_id sample_id date(YYYYMMDD) number_of_cds dollars, whitespace separated.
    const rows = (await readFile(sharedData('cdnow', 'CDNOW_sample.txt'), 'utf8'))
      .trim()
      .split(/\r?\n/)
      .map((line, i) => {
        const [id, , date, , dollars] = line.trim().split(/\s+/);
        return `CD-${i + 1};K${id};${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)};${dollars}`;
      });
    assert.equal(rows.length, 6919);
    const result = await importOrders(`Auftragsnummer;Kundennummer;Bestelldatum;Nettobetrag\n${rows.join('\n')}\n`);
    assert.deepEqual([result.status, result.created, result.failed], ['done', 6919, 0], JSON.stringify(result.errors));

    const run = await runAnalytics(h.ctx, { workspaceId: api.workspaceId, userId: api.userId }, { asOf: '1997-09-30' });
    assert.equal(run.customers, 2357);
    assert.ok(run.bgnbd && run.gammaGamma, run.note ?? '');
    assert.deepEqual(
      [run.bgnbd.r, run.bgnbd.alpha, run.bgnbd.a, run.bgnbd.b].map(significant),
      [0.243, 4.41, 0.793, 2.43],
    );
    assert.equal(Math.round(run.bgnbd.logLikelihood * 10) / 10, -9582.4);
    assert.deepEqual([run.gammaGamma.p, run.gammaGamma.q, run.gammaGamma.gamma].map(significant), [6.25, 3.74, 15.4]);
    // Orders after the as-of date are ignored: a later run has more purchases to go on.
    const later = await runAnalytics(h.ctx, { workspaceId: api.workspaceId, userId: null }, { asOf: '1998-06-30' });
    assert.equal(later.customers, 2357);
    assert.notEqual(significant(later.bgnbd?.r ?? 0), 0.243);
  });
});
