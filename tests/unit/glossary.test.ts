// One name for one thing: the glossary of docs/glossary.md, kept in every German and English
// text of the web app (src/web/i18n/<language>/*.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundle } from './texts.ts';

interface Term {
  keys: string[];
  english: string;
  german: string;
  avoid: string[];
}

/** The table of docs/glossary.md. */
function glossary(): Term[] {
  const doc = readFileSync(path.join(import.meta.dirname, '../../docs/glossary.md'), 'utf8');
  return doc
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.includes('---') && !line.includes('Avoid in German'))
    .map((line) => {
      const [concept, english, german, avoid] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return {
        keys: [...concept.matchAll(/`(\w+)`/g)].map((match) => match[1]),
        english,
        german,
        avoid: avoid.split(',').map((word) => word.trim()),
      };
    });
}

function texts(language: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') out.push([key, value]);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
  };
  walk(bundle(language), '');
  return out;
}

const word = (term: string) =>
  new RegExp(`(^|[^\\p{L}-])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}-])`, 'u');

test('the glossary has the terms the app is written in', () => {
  const terms = glossary();
  assert.ok(terms.length >= 11);
  const german = Object.fromEntries(terms.map((term) => [term.english, term.german]));
  assert.equal(german.owner, 'Zuständig');
  assert.equal(german['lifecycle stage'], 'Lebenszyklusphase');
  assert.equal(german.deal, 'Verkaufschance');
  assert.ok(terms.some((term) => term.avoid.includes('Datensatz')));
});

/**
 * Texts where an avoided word means something else: the unit and the calendar view "Tag" are a
 * day, not a tag; the iPhone's menu items ("Account hinzufügen") are quoted as the phone names them.
 */
const homonyms = new Set(['products.units.day', 'calendar.views.day', 'phones.setupHint']);

test('no German text uses a word the glossary says to avoid', () => {
  const found: string[] = [];
  for (const term of glossary()) {
    for (const avoided of term.avoid) {
      for (const [key, value] of texts('de')) {
        if (word(avoided).test(value) && !homonyms.has(key))
          found.push(`${key}: "${value}" uses "${avoided}" (say "${term.german}")`);
      }
    }
  }
  assert.deepEqual(found, []);
});

test('the texts of a concept use its term in both languages', () => {
  const found: string[] = [];
  for (const term of glossary()) {
    if (term.keys.length === 0) continue;
    for (const [language, expected] of [
      ['de', term.german],
      ['en', term.english],
    ] as const) {
      for (const [key, value] of texts(language)) {
        if (!term.keys.includes(key.split('.').at(-1)!)) continue;
        if (!value.toLowerCase().includes(expected.toLowerCase())) {
          found.push(`${language} ${key}: "${value}" does not say "${expected}"`);
        }
      }
    }
  }
  assert.deepEqual(found, []);
});
