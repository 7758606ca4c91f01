import fs from 'node:fs';
import { openSource, guessMapping, applyMapping } from './src/server/modules/imports/formats/index.ts';
const n = 200_000;
const lines = ['Kundennummer;Vorname;Nachname;Firma;Straße;Hausnummer;PLZ;Ort;E-Mail;Telefon;Geburtstag;Umsatz'];
for (let i = 0; i < n; i++) lines.push(`K${i};Anna;Müller${i};ACME GmbH;Hauptstraße;${i % 100};10115;Berlin;anna${i}@example.de;030 ${i};29.02.1980;1.234,56`);
fs.writeFileSync('/tmp/big.csv', lines.join('\r\n'));
let t = Date.now();
const s = await openSource('/tmp/big.csv');
let c = 0;
for await (const _ of s.rows()) c++;
console.log('read', c, Date.now() - t, 'ms');
const m = guessMapping('contacts', s.columns);
t = Date.now();
c = 0;
for await (const r of s.rows()) { applyMapping('contacts', m, r, { defaultCountry: 'DE', onInvalid: 'skipValue' }); c++; }
console.log('read+apply', c, Date.now() - t, 'ms');
