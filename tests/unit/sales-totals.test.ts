// The totals of sales documents (src/contract/sales): exact amounts, the rounding rule, the
// German VAT rules, and the input shapes' errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  computeSalesTotals,
  type SalesItemLine,
  type SalesTotals,
  type SalesTotalsInput,
  SalesTotalsError,
  salesDocumentInput,
  vatRatesFor,
} from '../../src/contract/sales/index.ts';

const item = (
  quantity: string,
  unitPrice: string,
  vatRate = '19',
  more: Partial<SalesItemLine> = {},
): SalesItemLine => ({
  kind: 'item',
  quantity,
  unitPrice,
  vatRate,
  ...more,
});

function totals(lines: SalesTotalsInput['lines'], more: Partial<SalesTotalsInput> = {}): SalesTotals {
  return computeSalesTotals({ currency: 'EUR', pricesEntered: 'net', taxTreatment: 'standard', lines, ...more });
}

const sum = (values: string[]) => values.reduce((a, b) => a.plus(b), new Decimal(0));

/** The invariants every document keeps, checked exactly. */
function assertInvariants(result: SalesTotals, input: SalesTotalsInput) {
  const places = new RegExp(result.minorUnits === 0 ? '^-?\\d+$' : `^-?\\d+\\.\\d{${result.minorUnits}}$`);
  const amounts = [
    result.netTotal,
    result.vatTotal,
    result.grossTotal,
    result.subtotal.net,
    result.documentDiscount.net,
  ];
  for (const amount of amounts) assert.match(amount, places);
  assert.equal(sum([result.netTotal, result.vatTotal]).toFixed(result.minorUnits), result.grossTotal);
  assert.equal(
    sum([result.subtotal.net]).minus(result.documentDiscount.net).toFixed(result.minorUnits),
    result.netTotal,
  );
  if (input.taxTreatment === 'smallBusiness') {
    assert.deepEqual(result.vat, []);
    assert.equal(result.grossTotal, result.netTotal);
  } else {
    assert.equal(sum(result.vat.map((g) => g.base)).toFixed(result.minorUnits), result.netTotal);
    assert.equal(sum(result.vat.map((g) => g.tax)).toFixed(result.minorUnits), result.vatTotal);
    assert.equal(sum(result.vat.map((g) => g.gross)).toFixed(result.minorUnits), result.grossTotal);
  }
  const summed = result.lines.filter((line) => line.kind === 'item' && !line.optional);
  const lineAmounts = summed.map((line) => (line.kind === 'item' ? line.amount : '0'));
  if (input.pricesEntered === 'net') {
    assert.equal(sum(lineAmounts).toFixed(result.minorUnits), result.subtotal.net);
  } else {
    assert.equal(sum(lineAmounts).toFixed(result.minorUnits), result.subtotal.gross);
    assert.equal(
      sum([result.subtotal.gross ?? '0'])
        .minus(result.documentDiscount.gross ?? '0')
        .toFixed(result.minorUnits),
      result.grossTotal,
    );
  }
}

test('a quote with one 19 % line: net, VAT and gross as on a German invoice', () => {
  const result = totals([item('3', '33.335')]);
  assert.equal(result.netTotal, '100.01'); // 100.005 rounded half away from zero
  assert.deepEqual(result.vat, [{ rate: '19', base: '100.01', tax: '19.00', gross: '119.01' }]);
  assert.equal(result.grossTotal, '119.01');
  assert.equal(result.note, null);
});

test('VAT is computed once per rate on its whole base and rounded half away from zero', () => {
  // 1.50 × 19 % = 0.285 → 0.29 (half-even rounding would give 0.28).
  assert.deepEqual(totals([item('1', '1.50')]).vat, [{ rate: '19', base: '1.50', tax: '0.29', gross: '1.79' }]);
  // Ten lines of 0.10: 1.00 × 19 % = 0.19, where VAT per line would make 10 × 0.02 = 0.20.
  const ten = totals(Array.from({ length: 10 }, () => item('1', '0.10')));
  assert.equal(ten.vatTotal, '0.19');
  assert.equal(totals([item('-1', '1.50')]).vatTotal, '-0.29');
});

test('the worked example of docs/sales.md', () => {
  const result = totals(
    [
      item('3', '95'),
      item('2', '24.95', '7'),
      item('1', '149', '19', { discount: { kind: 'percent', value: '10' } }),
      item('1', '49', '19', { optional: true }),
    ],
    { discount: { kind: 'percent', value: '3' } },
  );
  assert.equal(result.lines[2].kind === 'item' && result.lines[2].discountAmount, '14.90');
  assert.equal(result.subtotal.net, '469.00');
  assert.equal(result.documentDiscount.net, '14.07');
  assert.equal(result.netTotal, '454.93');
  assert.deepEqual(result.vat, [
    { rate: '19', base: '406.53', tax: '77.24', gross: '483.77' },
    { rate: '7', base: '48.40', tax: '3.39', gross: '51.79' },
  ]);
  assert.equal(result.grossTotal, '535.56');
});

test('many lines of 0.005 are each rounded to a cent before they are added up', () => {
  const lines = Array.from({ length: 1000 }, () => item('1', '0.005'));
  const result = totals(lines);
  // Per line 0.01 (half away from zero), so 1000 lines make 10.00, not the 5.00 of the exact sum.
  assert.equal(result.subtotal.net, '10.00');
  assert.equal(result.netTotal, '10.00');
  assert.equal(result.vat[0].tax, '1.90');
  assert.equal(result.grossTotal, '11.90');
  // One line with the quantity 1000 is rounded once: the exact 5.00.
  assert.equal(totals([item('1000', '0.005')]).netTotal, '5.00');
});

test('negative quantities of a credit note round away from zero and make negative totals', () => {
  const result = totals([item('-1', '0.005'), item('-2', '50', '7')]);
  assert.equal(result.lines[0].kind === 'item' && result.lines[0].amount, '-0.01');
  assert.equal(result.netTotal, '-100.01');
  assert.deepEqual(result.vat, [
    { rate: '19', base: '-0.01', tax: '0.00', gross: '-0.01' },
    { rate: '7', base: '-100.00', tax: '-7.00', gross: '-107.00' },
  ]);
  assert.equal(result.grossTotal, '-107.01');
});

test('a 100 % line discount makes the line zero and shows the discount', () => {
  const result = totals([item('2', '49.99', '19', { discount: { kind: 'percent', value: '100' } }), item('1', '10')]);
  assert.deepEqual(result.lines[0], {
    kind: 'item',
    optional: false,
    vatRate: '19',
    listAmount: '99.98',
    discountAmount: '99.98',
    amount: '0.00',
    net: '0.00',
    gross: null,
  });
  assert.equal(result.netTotal, '10.00');
});

test('a 100 % document discount makes every total zero', () => {
  const result = totals([item('1', '100'), item('3', '9.99', '7')], { discount: { kind: 'percent', value: '100' } });
  assert.equal(result.documentDiscount.net, '129.97');
  assert.equal(result.netTotal, '0.00');
  assert.equal(result.vatTotal, '0.00');
  assert.equal(result.grossTotal, '0.00');
  assert.deepEqual(
    result.vat.map((g) => [g.rate, g.base, g.tax]),
    [
      ['19', '0.00', '0.00'],
      ['7', '0.00', '0.00'],
    ],
  );
});

test('an amount discount larger than what it discounts is an error at its path, never capped', () => {
  assert.throws(
    () => totals([item('1', '100')], { discount: { kind: 'amount', value: '100.01' } }),
    (error: unknown) =>
      error instanceof SalesTotalsError &&
      error.path.join('.') === 'discount.value' &&
      error.message === 'is larger than the total of the lines (100.00)',
  );
  assert.throws(
    () => totals([item('1', '5'), item('2', '5', '19', { discount: { kind: 'amount', value: '10.01' } })]),
    (error: unknown) => error instanceof SalesTotalsError && error.path.join('.') === 'lines.1.discount.value',
  );
  // Exactly the total is allowed: the document is then free.
  assert.equal(totals([item('1', '100')], { discount: { kind: 'amount', value: '100' } }).grossTotal, '0.00');
});

test('a document discount over 19 % and 7 % is split in proportion to the bases and adds up exactly', () => {
  // Bases 100.00 and 50.00; 10.00 off: 6.666… and 3.333… → 6.67 and 3.33.
  const result = totals([item('1', '100'), item('1', '50', '7')], { discount: { kind: 'amount', value: '10' } });
  assert.deepEqual(result.vat, [
    { rate: '19', base: '93.33', tax: '17.73', gross: '111.06' },
    { rate: '7', base: '46.67', tax: '3.27', gross: '49.94' },
  ]);
  assert.equal(result.documentDiscount.net, '10.00');
  assert.equal(result.netTotal, '140.00');
  assert.equal(result.grossTotal, '161.00');
  // Three-way split of one cent: the larger remainder takes it.
  const cent = totals([item('1', '1'), item('1', '1', '7'), item('1', '1', '0')], {
    discount: { kind: 'amount', value: '0.01' },
  });
  assert.deepEqual(
    cent.vat.map((g) => g.base),
    ['0.99', '1.00', '1.00'],
  );
});

test('reverse charge puts every line at 0 % and asks for its note', () => {
  const result = totals([item('1', '100'), item('2', '10', '7')], { taxTreatment: 'reverseCharge' });
  assert.deepEqual(result.vat, [{ rate: '0', base: '120.00', tax: '0.00', gross: '120.00' }]);
  assert.equal(result.grossTotal, '120.00');
  assert.equal(result.note, 'reverseCharge');
  assert.ok(result.lines.every((line) => line.kind !== 'item' || line.vatRate === '0'));
});

test('§ 19 UStG shows no VAT at all and asks for its note', () => {
  const result = totals([item('1', '100'), item('2', '10', '7')], { taxTreatment: 'smallBusiness' });
  assert.deepEqual(result.vat, []);
  assert.equal(result.vatTotal, '0.00');
  assert.equal(result.netTotal, '120.00');
  assert.equal(result.grossTotal, '120.00');
  assert.equal(result.note, 'smallBusiness');
});

test('with gross prices the gross total is exactly the sum of the gross lines', () => {
  const lines = [item('3', '9.99'), item('1', '1.07', '7'), item('7', '0.33'), item('1', '19.99', '7')];
  const result = totals(lines, { pricesEntered: 'gross' });
  assert.equal(result.subtotal.gross, '53.34');
  assert.equal(result.grossTotal, '53.34');
  // 19 %: 32.28 gross → net 27.13, VAT 5.15; 7 %: 21.06 gross → net 19.68, VAT 1.38.
  assert.deepEqual(result.vat, [
    { rate: '19', base: '27.13', tax: '5.15', gross: '32.28' },
    { rate: '7', base: '19.68', tax: '1.38', gross: '21.06' },
  ]);
  assert.equal(result.netTotal, '46.81');
  const discounted = totals(lines, { pricesEntered: 'gross', discount: { kind: 'amount', value: '3.34' } });
  assert.equal(discounted.documentDiscount.gross, '3.34');
  assert.equal(discounted.grossTotal, '50.00');
});

test('yen have no minor unit: every amount is whole', () => {
  const result = totals([item('3', '333.5'), item('1', '1000', '7')], { currency: 'JPY' });
  assert.equal(result.minorUnits, 0);
  assert.equal(result.lines[0].kind === 'item' && result.lines[0].amount, '1001'); // 1000.5 → 1001
  assert.deepEqual(result.vat, [
    { rate: '19', base: '1001', tax: '190', gross: '1191' },
    { rate: '7', base: '1000', tax: '70', gross: '1070' },
  ]);
  assert.equal(result.grossTotal, '2261');
});

test('optional items are shown with their amount but not summed; headings and texts have none', () => {
  const result = totals([
    { kind: 'heading' },
    item('1', '100'),
    { kind: 'text' },
    item('2', '25', '19', { optional: true }),
  ]);
  assert.deepEqual(result.lines[0], { kind: 'heading' });
  assert.deepEqual(result.lines[2], { kind: 'text' });
  assert.equal(result.lines[3].kind === 'item' && result.lines[3].amount, '50.00');
  assert.equal(result.netTotal, '100.00');
  assert.equal(result.grossTotal, '119.00');
});

test('a document without items totals zero and has no VAT groups', () => {
  const result = totals([{ kind: 'heading' }], { discount: { kind: 'percent', value: '10' } });
  assert.deepEqual([result.netTotal, result.grossTotal, result.vat], ['0.00', '0.00', []]);
});

test('the VAT rates a country allows, and custom ones', () => {
  assert.deepEqual(vatRatesFor('DE'), ['19', '7', '0']);
  assert.deepEqual(vatRatesFor('at'), ['20', '13', '10', '0']);
  assert.deepEqual(vatRatesFor('CH'), ['8.1', '2.6', '3.8', '0']);
  assert.deepEqual(vatRatesFor('FR'), ['0']);
  assert.deepEqual(vatRatesFor('FR', ['20', '5.50', '0']), ['20', '5.5', '0']);
});

const quoteRules = { allowNegative: false, vatRates: vatRatesFor('DE') };
const document = (lines: unknown[], more: object = {}) => ({
  currency: 'EUR',
  pricesEntered: 'net',
  taxTreatment: 'standard',
  lines,
  ...more,
});
function issues(rules: typeof quoteRules, input: unknown) {
  const parsed = salesDocumentInput(rules).safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('a quote refuses a negative quantity, naming the line', () => {
  const input = document([
    { kind: 'heading', text: 'Hardware' },
    { kind: 'item', quantity: '-1', unitPrice: '5', vatRate: '19' },
  ]);
  assert.deepEqual(issues(quoteRules, input), [
    'lines.1.quantity: must not be negative (only credit notes and returns take negative quantities)',
  ]);
  assert.deepEqual(issues({ ...quoteRules, allowNegative: true }, input), []);
});

test('a VAT rate the country does not have is refused; a custom rate is accepted', () => {
  const input = document([{ kind: 'item', quantity: '1', unitPrice: '5', vatRate: '20' }]);
  assert.deepEqual(issues(quoteRules, input), [
    "lines.0.vatRate: must be one of the workspace's VAT rates: 19, 7, 0 %",
  ]);
  assert.deepEqual(issues({ ...quoteRules, vatRates: vatRatesFor('AT') }, input), []);
  assert.deepEqual(
    issues(quoteRules, document([{ kind: 'item', quantity: '1', unitPrice: '5', vatRate: '19.0' }])),
    [],
  );
});

test('percentages above 100, more than 4 decimals and a discount over the total are refused', () => {
  const line = { kind: 'item', quantity: '1.5', unitPrice: '5.12345', vatRate: '7' };
  assert.deepEqual(issues(quoteRules, document([{ ...line, discount: { kind: 'percent', value: '100.5' } }])), [
    'lines.0.unitPrice: must be a decimal string, not negative, with at most 4 decimals, like "1234.50"',
    'lines.0.discount.value: must be a percentage from 0 to 100 with at most 4 decimals, like "2.5"',
  ]);
  assert.deepEqual(
    issues(quoteRules, document([{ ...line, unitPrice: '5' }], { discount: { kind: 'amount', value: '7.51' } })),
    ['discount.value: is larger than the total of the lines (7.50)'],
  );
});

// Random documents: amounts, quantities, discounts, rates, treatments and currencies.
const decimalText = (maxInteger: number, places: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInteger }), fc.integer({ min: 0, max: 10 ** places - 1 }))
    .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(places, '0')}`);
const discount = (maxAmount: number) =>
  fc.oneof(
    fc.constant(null),
    decimalText(99, 4).map((value) => ({ kind: 'percent' as const, value })),
    fc.constant({ kind: 'percent' as const, value: '100' }),
    decimalText(maxAmount, 2).map((value) => ({ kind: 'amount' as const, value })),
  );
const line = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('item' as const),
      quantity: fc
        .tuple(fc.boolean(), decimalText(1000, 3))
        .map(([negative, value]) => (negative ? `-${value}` : value)),
      unitPrice: decimalText(100_000, 4),
      discount: discount(10),
      vatRate: fc.constantFrom('19', '7', '0', '8.1', '2.6'),
      optional: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('heading' as const, 'text' as const) }) },
);
const randomDocument = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'CHF', 'KWD'),
  pricesEntered: fc.constantFrom('net' as const, 'gross' as const),
  taxTreatment: fc.constantFrom('standard' as const, 'reverseCharge' as const, 'smallBusiness' as const),
  discount: discount(50),
  lines: fc.array(line, { maxLength: 40 }),
});

/** n / d rounded half away from zero, in whole numbers: a reference apart from decimal.js. */
function roundedQuotient(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const q = (2n * a + b) / (2n * b);
  return negative ? -q : q;
}
const units = (amount: string, minorUnits: number) => BigInt(new Decimal(amount).times(10 ** minorUnits).toFixed(0));

/** Each rate's VAT and base as the rule says, recomputed in whole minor units with BigInt. */
function assertPerRate(result: SalesTotals, input: SalesTotalsInput) {
  const m = result.minorUnits;
  for (const group of result.vat) {
    const rate = units(group.rate, 2); // hundredths of a percent
    if (input.pricesEntered === 'net') {
      assert.equal(units(group.tax, m), roundedQuotient(units(group.base, m) * rate, 10_000n), group.rate);
    } else {
      assert.equal(units(group.base, m), roundedQuotient(units(group.gross, m) * 10_000n, 10_000n + rate), group.rate);
    }
    // The discount share of a rate is its proportional part, less than one minor unit off.
    const lines = result.lines.filter((line) => line.kind === 'item' && !line.optional && line.vatRate === group.rate);
    const before = lines.reduce((a, line) => a + (line.kind === 'item' ? units(line.amount, m) : 0n), 0n);
    const all = units(input.pricesEntered === 'net' ? result.subtotal.net : (result.subtotal.gross ?? '0'), m);
    const discount = units(
      input.pricesEntered === 'net' ? result.documentDiscount.net : (result.documentDiscount.gross ?? '0'),
      m,
    );
    const after = units(input.pricesEntered === 'net' ? group.base : group.gross, m);
    if (all !== 0n) {
      const off = (before - after) * all - discount * before; // share − exact share, times `all`
      assert.ok((off < 0n ? -off : off) < (all < 0n ? -all : all), `share of ${group.rate} %`);
    }
  }
}

test('over many random documents the totals add up exactly', () => {
  let computed = 0;
  fc.assert(
    fc.property(randomDocument, (input) => {
      let result: SalesTotals;
      try {
        result = computeSalesTotals(input);
      } catch (error) {
        // Only a discount over what it discounts may fail, and only as such.
        assert.ok(error instanceof SalesTotalsError, String(error));
        assert.match(error.message, /^is larger than/);
        return;
      }
      computed += 1;
      assertInvariants(result, input);
      assertPerRate(result, input);
    }),
    { numRuns: 2000 },
  );
  assert.ok(computed > 1000, `only ${computed} of 2000 documents were computed`);
});
