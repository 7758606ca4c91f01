// CPU seconds from /proc for the benchmarks: of one process, and of one database's backends
// while some work runs. On a shared machine these vary far less than wall times.
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** CPU seconds (user + system) a process has used, from /proc; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are the 14th and 15th fields; the text after ") " starts at the 3rd.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * The CPU seconds of the database's backends (the connections of the work, autovacuum workers
 * in it) while `work` runs: their process ids from pg_stat_activity, their times from /proc,
 * sampled, each process counted with its last value. Null when PostgreSQL runs elsewhere.
 */
export async function databaseCpu<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number | null }> {
  const monitor = new pg.Client({ connectionString: url });
  await monitor.connect();
  const self = (await monitor.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const local = cpuSeconds(self) !== null;
  const seen = new Map<number, { first: number; last: number }>();
  let pids: number[] = [];
  const sample = () => {
    for (const pid of pids) {
      const now = cpuSeconds(pid);
      if (now === null) continue;
      const entry = seen.get(pid);
      // A backend that started during the run counts from zero.
      if (entry) entry.last = now;
      else seen.set(pid, { first: started ? 0 : now, last: now });
    }
  };
  let started = false;
  const refresh = async () => {
    const { rows } = await monitor.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    pids = rows.map((r) => r.pid);
    sample();
  };
  await refresh();
  started = true;
  const cpuTimer = setInterval(sample, 100);
  let refreshing = false;
  const pidTimer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    refresh()
      .catch(() => {})
      .finally(() => {
        refreshing = false;
      });
  }, 500);
  try {
    const result = await work();
    sample();
    let seconds = 0;
    for (const { first, last } of seen.values()) seconds += last - first;
    return { result, seconds: local ? seconds : null };
  } finally {
    clearInterval(cpuTimer);
    clearInterval(pidTimer);
    while (refreshing) await new Promise((resolve) => setTimeout(resolve, 10));
    await monitor.end();
  }
}
