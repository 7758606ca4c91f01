// Reading and writing catalogue prices (src/web/features/products/price.ts): up to four
// decimals, German and English marks, exact decimal strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrice, parsePrice, priceInputText, tidyPrice } from '../../src/web/features/products/price.ts';

test('a price is read as typed in German', () => {
  assert.equal(parsePrice('1234,5', 'de-DE'), '1234.5');
  assert.equal(parsePrice('1.234,50', 'de-DE'), '1234.50');
  assert.equal(parsePrice('0,0125', 'de-DE'), '0.0125');
  assert.equal(parsePrice('1.234', 'de-DE'), '1234');
  assert.equal(parsePrice('1.5', 'de-DE'), '1.5');
  assert.equal(parsePrice('12 €', 'de-DE'), '12');
  assert.equal(parsePrice('1.234.567,8', 'de-DE'), '1234567.8');
  assert.equal(parsePrice('  ', 'de-DE'), null);
});

test('a price is read as typed in English', () => {
  assert.equal(parsePrice('1,234.50', 'en-GB'), '1234.50');
  assert.equal(parsePrice('1,234', 'en-GB'), '1234');
  assert.equal(parsePrice('0.0125', 'en-GB'), '0.0125');
  assert.equal(parsePrice('12,5', 'en-GB'), '12.5');
});

test('text that is no price stays as typed, for the schema to name', () => {
  assert.equal(parsePrice('zwölf', 'de-DE'), 'zwölf');
  assert.equal(parsePrice('-5', 'de-DE'), '-5');
});

test('a price is written with two to four decimals, exactly', () => {
  assert.equal(priceInputText('1234.5', 'de-DE'), '1.234,50');
  assert.equal(priceInputText('0.0125', 'de-DE'), '0,0125');
  assert.equal(priceInputText('99999999999.9999', 'en-GB'), '99,999,999,999.9999');
  assert.equal(tidyPrice('1234,5', 'de-DE'), '1.234,50');
  assert.equal(tidyPrice('1,23456', 'de-DE'), '1,23456');
  assert.equal(formatPrice('1234.5', 'EUR', 'de-DE').replace(/\s/g, ' '), '1.234,50 €');
  assert.equal(formatPrice('0.0125', 'EUR', 'en-GB'), '€0.0125');
});
