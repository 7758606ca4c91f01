// Reading typed amounts (src/web/features/forms/money.ts): exact decimals, no floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount } from '../../src/web/features/forms/money.ts';

test('an amount is read as typed in German or English', () => {
  assert.equal(parseAmount('1.234,50'), '1234.50');
  assert.equal(parseAmount('1,234.5'), '1234.5');
  assert.equal(parseAmount(' 2500 '), '2500');
  assert.equal(parseAmount('12.345'), '12345');
  assert.equal(parseAmount(''), null);
});
