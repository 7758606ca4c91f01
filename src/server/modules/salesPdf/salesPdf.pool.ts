// The worker threads that render sales PDFs, so that laying out a long quote (CPU work of a
// tenth of a second and more) never holds up the server's event loop. At most two threads: a
// render is short, and the machine's other cores serve requests and the database.
//
// Farley runs its TypeScript sources through tsx (bin/farley.js), in the tests and in
// production alike, so each thread loads tsx first, as the main thread does.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SalesDocumentPrint } from '../../../contract/sales/print.ts';

let pool: Piscina | null = null;

/** The pool's size: one thread per core, at most two. */
export const poolSize = Math.max(1, Math.min(2, availableParallelism()));

function salesPdfPool(): Piscina {
  pool ??= new Piscina({
    filename: fileURLToPath(new URL('./salesPdf.worker.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
    minThreads: poolSize,
    maxThreads: poolSize,
    // Threads stay for good once started: a fresh one first loads fonts and compiles the sources.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  return pool;
}

/** Renders the document's PDF in a worker thread (see renderSalesPdf for what it shows). */
export async function renderSalesPdfInWorker(doc: SalesDocumentPrint): Promise<Uint8Array> {
  const bytes: Uint8Array = await salesPdfPool().run(doc);
  return bytes;
}

/** Ends the threads (on shutdown); a later render starts the pool again. */
export async function closeSalesPdfPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.destroy();
}
