// Phone numbers as people read them (src/web/ui/phone.ts): national at home, international abroad.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPhone } from '../../src/web/ui/phone.ts';

test('a number of the home country reads in national format', () => {
  assert.equal(formatPhone('+49301234567', 'DE'), '030 1234567');
  assert.equal(formatPhone('+4915112345678', 'DE'), '01511 2345678');
});

test('a number of another country reads in international format', () => {
  assert.equal(formatPhone('+43123456789', 'DE'), '+43 1 23456789');
  assert.equal(formatPhone('+49301234567', 'AT'), '+49 30 1234567');
});

test('a number it cannot read is shown as stored', () => {
  assert.equal(formatPhone('+12', 'DE'), '+12');
});
