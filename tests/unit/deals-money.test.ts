// Reading typed amounts (src/web/features/forms/money.ts): exact decimals, no floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount } from '../../src/web/features/forms/money.ts';
import { amountText, tidyAmount } from '../../src/web/features/forms/formValues.ts';

test('an amount is read as typed in German or English', () => {
  assert.equal(parseAmount('1.234,50'), '1234.50');
  assert.equal(parseAmount('1,234.5'), '1234.5');
  assert.equal(parseAmount(' 2500 '), '2500');
  assert.equal(parseAmount('12.345'), '12345');
  assert.equal(parseAmount(''), null);
});

test('an amount in an edit form is written the German way, grouped, and read back exactly', () => {
  assert.equal(amountText('224000000.00', 'de-DE'), '224.000.000,00');
  assert.equal(amountText('224000000', 'en-GB'), '224,000,000.00');
  assert.equal(amountText('9999999999999999.99', 'de-DE'), '9.999.999.999.999.999,99');
  assert.equal(amountText(null, 'de-DE'), '');
  for (const amount of ['224000000.00', '0.50', '1234.5', '9999999999999999.99']) {
    assert.equal(Number(parseAmount(amountText(amount, 'de-DE'))), Number(amount));
    assert.equal(
      parseAmount(amountText(amount, 'de-DE'))?.replace(/0+$/, ''),
      amount.includes('.') ? amount.replace(/0+$/, '') : amount,
    );
  }
});

test('a typed amount is tidied when the field is left; text that is no amount stays for the schema to report', () => {
  assert.equal(tidyAmount('224000000', 'de-DE'), '224.000.000,00');
  assert.equal(tidyAmount('1234,5', 'de-DE'), '1.234,50');
  assert.equal(tidyAmount('zwölf', 'de-DE'), 'zwölf');
  assert.equal(tidyAmount('', 'de-DE'), '');
});
