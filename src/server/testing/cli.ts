// The `farley` command as a user runs it, for tests: a child process on the test database.
import { execFile } from 'node:child_process';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// A child starts tsx and loads the server's modules first: on a loaded machine that alone can
// take tens of seconds, so the limit only catches a command that hangs.
const childTimeoutMs = 180_000;

/** Runs `farley …args` with the test database; resolves with the exit code and both outputs. */
export function runFarley(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/farley.js', ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: process.env.FARLEY_TEST_DATABASE_URL,
          FARLEY_JOBS: '0',
          FARLEY_DEMO: '0',
          ...env,
        },
        timeout: childTimeoutMs,
      },
      (error, stdout, stderr) => {
        if (error?.killed)
          stderr += `\n(test: farley ${args[0]} was stopped after ${childTimeoutMs / 1000} s by ${error.signal})`;
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
