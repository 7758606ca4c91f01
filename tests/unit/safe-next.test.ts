// Where sign-in sends a user afterwards (src/contract/safeNext.ts): same-origin paths only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
