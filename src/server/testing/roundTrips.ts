// How many round trips a piece of work makes on one pg client: the server ends each answer
// with ReadyForQuery. For the tests of the round-trip savings (statements, intents).
import type pg from 'pg';

export async function roundTrips(on: pg.Client, run: () => Promise<unknown>): Promise<number> {
  const connection = (on as unknown as { connection: NodeJS.EventEmitter }).connection;
  let count = 0;
  const answered = () => count++;
  connection.on('readyForQuery', answered);
  try {
    await run();
  } finally {
    connection.off('readyForQuery', answered);
  }
  return count;
}
