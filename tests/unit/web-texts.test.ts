// No user-visible text is written into the web app's components: JSX text and the
// attributes people read (label, placeholder, title, aria-label, description, alt) come from
// the translation files, so German and English stay complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const web = path.join(import.meta.dirname, '../../src/web');

function components(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) components(full, out);
    else if (name.endsWith('.tsx')) out.push(full);
  }
  return out;
}

// Text between a tag's end and the next tag, not an arrow function's "=>".
const jsxText = /(?<![=-])>\s*[A-Za-zÄÖÜäöü][^<>{}]*[A-Za-z]\s*<\//g;
const readAttribute = /\b(?:label|placeholder|title|aria-label|description|alt)="[^"]*[A-Za-z][^"]*"/g;

test("the web app's components hold no text of their own", () => {
  const found: string[] = [];
  for (const file of components(web)) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of [jsxText, readAttribute]) {
      for (const match of source.matchAll(pattern)) found.push(`${path.relative(web, file)}: ${match[0].trim()}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the check finds hard-coded text', () => {
  const once = (pattern: RegExp) => new RegExp(pattern.source);
  assert.match('<Text>Kontakte</Text>', once(jsxText));
  assert.match('<TextInput label="Name" />', once(readAttribute));
  assert.doesNotMatch("onClick={() => go()}>{t('x')}</Button>", once(jsxText));
});
