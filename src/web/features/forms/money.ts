// Reading an amount as a person types it, into the API's exact decimal string (no floats).
// Column totals of the board come from the server (GET /pipelines/{id}/totals).

/** "1.234,50" or "1234.5" as the API's decimal string; the last , or . is the decimal mark. */
export function parseAmount(input: string): string | null {
  const compact = input.replace(/[\s'’]/g, '');
  if (compact === '') return null;
  const mark = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  const hasDecimals = mark >= 0 && compact.length - mark - 1 <= 2;
  const whole = (hasDecimals ? compact.slice(0, mark) : compact).replace(/[.,]/g, '');
  const fraction = hasDecimals ? compact.slice(mark + 1) : '';
  return fraction ? `${whole}.${fraction}` : whole;
}
