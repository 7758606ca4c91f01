// Every text exists in German and in English: the same namespaces, the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '../../src/web/i18n');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
}

function load(language: string): Map<string, string[]> {
  const dir = path.join(root, language);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f, keysOf(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))).sort()]),
  );
}

test('German and English have the same translation files', () => {
  assert.deepEqual([...load('de').keys()], [...load('en').keys()]);
});

test('every German text has an English one and the other way round', () => {
  const de = load('de');
  const en = load('en');
  for (const [file, keys] of de) {
    const english = en.get(file) ?? [];
    assert.deepEqual(keys, english, `keys of ${file} differ between de and en`);
  }
});

test('no translation is empty', () => {
  for (const language of ['de', 'en']) {
    const dir = path.join(root, language);
    for (const file of readdirSync(dir)) {
      const walk = (value: unknown, at: string): void => {
        if (typeof value === 'string') assert.ok(value.trim() !== '', `${language}/${file}: ${at} is empty`);
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
      };
      walk(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file);
    }
  }
});
