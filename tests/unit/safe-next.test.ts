// Where sign-in sends a user afterwards (src/contract/safeNext.ts): same-origin paths only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeNext } from '../../src/contract/safeNext.ts';

const start = '/today';

test('a path of the app is kept, with its query and fragment', () => {
  assert.equal(safeNext('/contacts', start), '/contacts');
  assert.equal(safeNext('/contacts/1?tab=deals#notes', start), '/contacts/1?tab=deals#notes');
  assert.equal(safeNext('/', start), '/');
});

test('nothing and anything that could leave the origin fall back to the start page', () => {
  for (const next of [
    null,
    '',
    'contacts',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/contacts\r\n',
    'https://evil.example',
    'javascript:alert(1)',
    ' /contacts',
    '/contacts\\..\\x',
  ])
    assert.equal(safeNext(next, start), start, JSON.stringify(next));
});

// What a hostile link may carry in `next=` (after URLSearchParams has decoded it once): none of it
// may leave the origin. Inputs that stay paths of the app may be kept; the test says which.
const hostile: Array<[string, 'refused' | 'kept']> = [
  ['//evil.example', 'refused'],
  ['///evil.example', 'refused'],
  ['/\\evil.example', 'refused'],
  ['\\/evil.example', 'refused'],
  ['/\\\\evil.example', 'refused'],
  ['https://evil.example', 'refused'],
  ['https:evil.example', 'refused'],
  ['http:/evil.example', 'refused'],
  ['//evil.example@farley.example', 'refused'],
  ['javascript:alert(1)', 'refused'],
  ['JaVaScRiPt:alert(1)', 'refused'],
  [' javascript:alert(1)', 'refused'],
  ['data:text/html,<script>alert(1)</script>', 'refused'],
  ['vbscript:msgbox(1)', 'refused'],
  ['%2F%2Fevil.example', 'refused'],
  ['%2f%2fevil.example', 'refused'],
  ['/\t/evil.example', 'refused'],
  ['/\n/evil.example', 'refused'],
  ['/\r/evil.example', 'refused'],
  ['\t//evil.example', 'refused'],
  ['/\u0000/evil.example', 'refused'],
  ['/\u007f/evil.example', 'refused'],
  ['\u0000/contacts', 'refused'],
  // Percent escapes stay escapes in a path: these are paths of the app, not other sites.
  ['/%2F%2Fevil.example', 'kept'],
  ['/%5Cevil.example', 'kept'],
  ['/%09/evil.example', 'kept'],
  ['/.//evil.example', 'kept'],
  ['/@evil.example', 'kept'],
  ['/contacts?next=//evil.example', 'kept'],
];

test('hostile next= values are refused, or are paths that stay on the origin', () => {
  const origin = 'https://farley.example';
  for (const [next, expected] of hostile) {
    const result = safeNext(next, start);
    assert.equal(result === start ? 'refused' : 'kept', expected, JSON.stringify(next));
    // As the browser resolves it (WHATWG URL, as Chromium): the same origin, always.
    assert.equal(new URL(result, `${origin}/sign-in`).origin, origin, JSON.stringify(next));
  }
});

test('whatever the text, what safeNext keeps resolves to the same origin', () => {
  const origin = 'https://farley.example';
  const pieces = fc.constantFrom(
    '/',
    '\\',
    '//',
    '.',
    '..',
    ':',
    '@',
    '%2F',
    '%5C',
    '\t',
    '\n',
    'evil.example',
    'a',
    '?',
    '#',
    ' ',
    'javascript:',
    'https:',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')),
      ),
      (next) => {
        const result = safeNext(next, start);
        assert.equal(new URL(result, `${origin}/sign-in`).origin, origin, JSON.stringify(next));
      },
    ),
    { numRuns: 2000 },
  );
});
