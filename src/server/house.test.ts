// House rules of the server's code that the compiler cannot see: rows keep the types Kysely
// gives them. `Record<string, any>` and `as never` throw those types away, so outside the
// database layer (and tests, the test harness, migrations and the hostile-input generator)
// the server has none; Biome's noExplicitAny keeps `any` itself out (biome.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const server = path.dirname(fileURLToPath(import.meta.url));

/** Where the rule does not hold, relative to src/server. */
const allowed = [/^platform\/db\//, /^db\/migrations\//, /^testing\//, /^security\/hostile\.ts$/, /\.test\.ts$/];

const forbidden = [/Record<\s*string\s*,\s*any\s*>/, /\bas never\b/];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('server code outside the database layer keeps its rows typed: no Record<string, any>, no as never', () => {
  const found: string[] = [];
  for (const file of sourceFiles(server)) {
    const relative = path.relative(server, file).split(path.sep).join('/');
    if (allowed.some((pattern) => pattern.test(relative))) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (forbidden.some((pattern) => pattern.test(line)))
          found.push(`src/server/${relative}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, [], `untyped rows outside platform/db:\n${found.join('\n')}`);
});
