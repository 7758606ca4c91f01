// The deals board's money arithmetic (src/web/features/deals/money.ts): exact decimals, no floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnTotals, parseAmount } from '../../src/web/features/deals/money.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

test('a column total adds the amounts exactly and weights each by its probability', () => {
  const totals = columnTotals([
    { amount: eur('0.10'), probability: 10 },
    { amount: eur('0.20'), probability: 50 },
    { amount: eur('12345.5'), probability: 75 },
    { amount: null, probability: 90 },
  ]);
  assert.deepEqual(totals, [{ currency: 'EUR', amount: '12345.80', weighted: '9259.2350' }]);
});

test('a column with several currencies has one total per currency, in currency order', () => {
  const totals = columnTotals([
    { amount: { amount: '100', currency: 'USD' }, probability: 100 },
    { amount: eur('99999999999999.99'), probability: 100 },
    { amount: eur('0.01'), probability: 100 },
  ]);
  assert.deepEqual(totals.map((t) => [t.currency, t.amount]), [['EUR', '100000000000000.00'], ['USD', '100.00']]);
});

test('an empty column has no totals', () => {
  assert.deepEqual(columnTotals([]), []);
});

test('an amount is read as typed in German or English', () => {
  assert.equal(parseAmount('1.234,50'), '1234.50');
  assert.equal(parseAmount('1,234.5'), '1234.5');
  assert.equal(parseAmount(' 2500 '), '2500');
  assert.equal(parseAmount('12.345'), '12345');
  assert.equal(parseAmount(''), null);
});
