// vCard 4.0 writing against RFC 6350: escaping (3.4), folding (3.2), the properties.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact } from '../../../contract/contacts.ts';
import { contactVCard, escapeText, fold } from './vcard.ts';
import { escapeFormula } from './exports.writers.ts';

const contact: Contact = {
  id: '01938a6e-0000-7000-8000-000000000001',
  version: 1,
  customerNumber: null,
  externalId: null,
  quality: null,
  qualityReasons: [],
  abcClass: null,
  rfmSegment: null,
  pAlive: null,
  clv: null,
  churnSignal: null,
  windowRevenue: null,
  salutation: 'Herr',
  title: null,
  firstName: 'Hans-Jürgen',
  lastName: 'Weiß',
  emails: [{ email: 'hj@weiss.example', label: 'privat' }],
  phones: [{ number: '089 / 12 34', e164: null, label: 'Fax' }],
  addresses: [{ street: 'Am Hang 3\nHinterhaus', postalCode: '80331', city: 'München', country: 'DE', primary: true }],
  birthday: null,
  jobTitle: null,
  lifecycleStage: 'lead',
  source: null,
  tags: ['a,b', 'c;d'],
  ownerId: null,
  priceListId: null,
  lastActivityAt: null,
  companies: [],
  restriction: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-02-03T04:05:06.789Z',
  deletedAt: null,
};

describe('vCard 4.0', () => {
  test('text values escape backslash, comma, semicolon and line breaks; control characters go', () => {
    assert.equal(escapeText('a\\b,c;d\ne\r\nf'), 'a\\\\b\\,c\\;d\\ne\\nf');
    assert.equal(escapeText('bell\u0007tab\tok'), 'belltab\tok');
  });

  test('lines fold at 75 octets without cutting a UTF-8 character', () => {
    const line = `NOTE:${'ä'.repeat(100)}`;
    const folded = fold(line);
    const parts = folded.split('\r\n').filter(Boolean);
    assert.ok(parts.length > 1);
    for (const part of parts) assert.ok(Buffer.byteLength(part) <= 75, `${Buffer.byteLength(part)} octets`);
    assert.ok(parts.slice(1).every((p) => p.startsWith(' ')));
    assert.equal(parts.map((p, i) => (i ? p.slice(1) : p)).join(''), line);
    assert.equal(fold('FN:kurz'), 'FN:kurz\r\n');
  });

  test('a card has the RFC 6350 properties, CRLF line ends and nothing unescaped', () => {
    const card = contactVCard(contact);
    assert.ok(card.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n'));
    assert.ok(card.endsWith('END:VCARD\r\n'));
    assert.ok(!/[^\r]\n/.test(card), 'every line ends with CRLF');
    const lines = card.replace(/\r\n /g, '').split('\r\n');
    assert.ok(lines.includes('FN:Herr Hans-Jürgen Weiß'));
    assert.ok(lines.includes('N:Weiß;Hans-Jürgen;;Herr;'));
    assert.ok(lines.includes('EMAIL;TYPE=home:hj@weiss.example'));
    assert.ok(lines.includes('TEL;TYPE=fax:089 / 12 34'));
    assert.ok(lines.includes('ADR;PREF=1:;;Am Hang 3\\nHinterhaus;München;;80331;DE'));
    assert.ok(lines.includes('CATEGORIES:a\\,b,c\\;d'));
    assert.ok(lines.includes('UID:urn:uuid:01938a6e-0000-7000-8000-000000000001'));
    assert.ok(lines.includes('REV:20260203T040506Z'));
    assert.ok(!lines.some((l) => l.startsWith('BDAY') || l.startsWith('ORG') || l.startsWith('TITLE')));
  });
});

describe('formula injection', () => {
  test('cells a spreadsheet would run get an apostrophe; numbers and phone numbers stay', () => {
    for (const bad of ['=1+2', "=cmd|' /C calc'!A0", '+SUM(A1)', '-2+3+cmd|x', '@SUM(A1)', '\tx', '\rx', '+', '-'])
      assert.equal(escapeFormula(bad), `'${bad}`);
    for (const fine of ['-5', '+49 30 1234567', '+49 (0)30 12-34', '-12.5', 'Müller', 'a=b', '', "'quoted"])
      assert.equal(escapeFormula(fine), fine);
  });
});
