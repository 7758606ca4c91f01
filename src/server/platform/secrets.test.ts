import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSecretKeys, needsResealing, open, parseKey, seal } from './secrets.ts';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'farley-secrets-'));

test('a key file is made once, readable by the owner only, and seals and opens a secret', () => {
  const dir = path.join(tempDir(), 'data');
  const keys = loadSecretKeys({}, dir);
  const file = path.join(dir, 'secret.key');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const written = readFileSync(file, 'utf8');
  const sealed = seal(keys, 'App-Passwort für Müller & Co.');
  assert.ok(!sealed.toString('latin1').includes('Passwort'));
  // Started again, the installation keeps its key and opens what it sealed.
  const again = loadSecretKeys({}, dir);
  assert.equal(readFileSync(file, 'utf8'), written);
  assert.equal(open(again, sealed), 'App-Passwort für Müller & Co.');
  // Two seals of the same secret differ (a fresh IV each).
  assert.notDeepEqual(seal(keys, 'x'), seal(keys, 'x'));
});

test('a changed byte, another key or a foreign value is refused, not opened wrongly', () => {
  const keys = loadSecretKeys({ FARLEY_SECRET_KEY: crypto.randomBytes(32).toString('base64') }, tempDir());
  const sealed = seal(keys, 'geheim');
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1] ^= 1;
  assert.throws(() => open(keys, tampered));
  const other = loadSecretKeys({ FARLEY_SECRET_KEY: crypto.randomBytes(32).toString('hex') }, tempDir());
  assert.throws(() => open(other, sealed), /key this installation does not have/);
  assert.throws(() => open(keys, Buffer.from('plain text password')), /not a sealed secret/);
});

test('a rotation: the old key opens what it sealed, the new one seals', () => {
  const oldKey = crypto.randomBytes(32).toString('base64');
  const newKey = crypto.randomBytes(32).toString('base64');
  const before = loadSecretKeys({ FARLEY_SECRET_KEY: oldKey }, tempDir());
  const sealed = seal(before, 'imap-passwort');
  const after = loadSecretKeys({ FARLEY_SECRET_KEY: newKey, FARLEY_SECRET_KEYS_OLD: oldKey }, tempDir());
  assert.equal(open(after, sealed), 'imap-passwort');
  assert.equal(needsResealing(after, sealed), true);
  assert.equal(needsResealing(after, seal(after, 'imap-passwort')), false);
});

test('a key of the wrong size is a clear error', () => {
  assert.throws(() => parseKey('zu kurz', 'FARLEY_SECRET_KEY'), /32 bytes/);
  assert.throws(() => loadSecretKeys({ FARLEY_SECRET_KEY: 'abc' }, tempDir()), /FARLEY_SECRET_KEY must be 32 bytes/);
});
