// A scan's scoring thread: gets a batch of candidate pairs with the rows they name, prepares
// the rows and scores the pairs with the model, and answers with the pairs worth keeping.
// Two of these let a scan of a large workspace use both cores (scan.ts, scoringPool).
import { parentPort } from 'node:worker_threads';
import { type MatchRow, scoreBatch } from './index.ts';
import type { RecordType } from './compare.ts';
import type { Model } from './model.ts';

parentPort?.on(
  'message',
  (job: {
    id: number;
    type: RecordType;
    model: Model;
    pairs: Array<{ a_id: string; b_id: string }>;
    rows: MatchRow[];
  }) => {
    parentPort?.postMessage({ id: job.id, found: scoreBatch(job.type, job.model, job.pairs, job.rows) });
  },
);
