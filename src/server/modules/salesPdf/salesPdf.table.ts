// The line-items table of a printed sales document and its totals. The table runs over as many
// pages as it needs; where it breaks, the sum so far is carried: "Übertrag" under the last row
// of a page and again above the first row of the next, so a reader can add up page by page.
import { Decimal } from 'decimal.js';
import type { PrintLine, SalesDocumentPrint } from '../../../contract/sales/print.ts';
import type { SalesLineTotal } from '../../../contract/sales/totals.ts';
import { colors, contentWidth, page, type Pdf, type Texts } from './salesPdf.page.ts';

const fontSize = 8;
const smallSize = 7;
const padding = 3;

/** Column widths in points; the description takes what the others leave. */
const fixed = { position: 24, quantity: 36, unit: 48, unitPrice: 60, discount: 44, vat: 32, amount: 68 };
const descriptionWidth = contentWidth - Object.values(fixed).reduce((a, b) => a + b, 0);
const columns = (() => {
  let x = page.left;
  const at = (width: number) => {
    const column = { x, width };
    x += width;
    return column;
  };
  return {
    position: at(fixed.position),
    description: at(descriptionWidth),
    quantity: at(fixed.quantity),
    unit: at(fixed.unit),
    unitPrice: at(fixed.unitPrice),
    discount: at(fixed.discount),
    vat: at(fixed.vat),
    amount: at(fixed.amount),
  };
})();
type Column = keyof typeof columns;
const rightAligned: Column[] = ['quantity', 'unitPrice', 'discount', 'vat', 'amount'];

function cell(pdf: Pdf, column: Column, text: string, y: number) {
  const { x, width } = columns[column];
  const align = rightAligned.includes(column) ? 'right' : 'left';
  pdf.text(text, x + padding, y, { width: width - 2 * padding, align });
}

function headerRow(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  const y = pdf.y;
  const labels: Record<Column, string> = {
    position: t.position,
    description: t.description,
    quantity: t.quantity,
    unit: t.unit,
    unitPrice: t.unitPrice,
    discount: t.discount,
    vat: t.vat,
    amount: doc.pricesEntered === 'gross' ? t.amountGross : t.amountNet,
  };
  pdf.font('bold').fontSize(smallSize).fillColor(colors.text);
  const height = Math.max(...(Object.keys(labels) as Column[]).map((c) => rowHeightOf(pdf, c, labels[c])));
  pdf.rect(page.left, y, contentWidth, height + 2 * padding).fill(colors.shade);
  pdf.fillColor(colors.text);
  for (const column of Object.keys(labels) as Column[]) cell(pdf, column, labels[column], y + padding);
  pdf.y = y + height + 2 * padding + 2;
}

function rowHeightOf(pdf: Pdf, column: Column, text: string) {
  return pdf.heightOfString(text, { width: columns[column].width - 2 * padding });
}

/** The carried sum: at a page's foot (the line above it) or a page's head (the line below it). */
function carriedRow(pdf: Pdf, t: Texts, sum: Decimal, where: 'foot' | 'head') {
  const y = pdf.y;
  const height = 14;
  pdf.strokeColor(colors.rule).lineWidth(0.5);
  const ruleY = where === 'foot' ? y : y + height;
  pdf.moveTo(page.left, ruleY).lineTo(page.right, ruleY).stroke();
  pdf.font('bold').fontSize(fontSize).fillColor(colors.text);
  cell(pdf, 'description', t.carriedForward, y + 3);
  cell(pdf, 'amount', t.money(sum.toFixed()), y + 3);
  pdf.y = y + height + 2;
}
const carriedHeight = 16;

type Row = { height: number; draw: (y: number) => void; amount: string | null };

function itemRow(
  pdf: Pdf,
  t: Texts,
  line: Extract<PrintLine, { kind: 'item' }>,
  total: Extract<SalesLineTotal, { kind: 'item' }> | undefined,
): Row {
  const name = line.optional ? `${line.name} (${t.optional})` : line.name;
  const details = [line.sku ? `${t.sku} ${line.sku}` : null, line.description].filter((d): d is string => !!d);
  const width = columns.description.width - 2 * padding;
  pdf.font('regular').fontSize(fontSize);
  let height = pdf.heightOfString(name, { width });
  pdf.fontSize(smallSize);
  const detailHeights = details.map((d) => pdf.heightOfString(d, { width }));
  height += detailHeights.reduce((a, b) => a + b, 0);
  const amount = total ? t.money(total.amount) : '';
  return {
    height: height + 2 * padding,
    amount: total && !line.optional ? total.amount : null,
    draw(y) {
      pdf.font('regular').fontSize(fontSize).fillColor(colors.text);
      cell(pdf, 'position', line.position, y + padding);
      cell(pdf, 'description', name, y + padding);
      let dy = y + padding + pdf.heightOfString(name, { width });
      pdf.fontSize(smallSize).fillColor(colors.muted);
      details.forEach((detail, index) => {
        cell(pdf, 'description', detail, dy);
        dy += detailHeights[index];
      });
      pdf.fontSize(fontSize).fillColor(colors.text);
      cell(pdf, 'quantity', t.amountOf(line.quantity), y + padding);
      cell(pdf, 'unit', line.unitLabel, y + padding);
      cell(pdf, 'unitPrice', t.price(line.unitPrice), y + padding);
      cell(pdf, 'discount', line.discountLabel ?? '', y + padding);
      cell(pdf, 'vat', t.percent(total?.vatRate ?? line.vatRate), y + padding);
      cell(pdf, 'amount', line.optional ? `(${amount})` : amount, y + padding);
    },
  };
}

function textRow(pdf: Pdf, line: Extract<PrintLine, { kind: 'heading' | 'text' }>): Row {
  const width = contentWidth - columns.position.width - 2 * padding;
  const bold = line.kind === 'heading';
  pdf.font(bold ? 'bold' : 'regular').fontSize(bold ? 9 : fontSize);
  const height = pdf.heightOfString(line.text, { width }) + 2 * padding + (bold ? 3 : 0);
  return {
    height,
    amount: null,
    draw(y) {
      pdf
        .font(bold ? 'bold' : 'regular')
        .fontSize(bold ? 9 : fontSize)
        .fillColor(colors.text);
      pdf.text(line.text, columns.description.x + padding, y + padding + (bold ? 3 : 0), { width });
    },
  };
}

/**
 * Draws the table from the current position; `newPage` adds a page and leaves the position at
 * its body's top. Returns the sum of the items' amounts (optional ones left out).
 */
export function drawLineTable(pdf: Pdf, doc: SalesDocumentPrint, t: Texts, newPage: () => void): Decimal {
  let sum = new Decimal(0);
  headerRow(pdf, doc, t);
  doc.lines.forEach((line, index) => {
    const total = doc.totals.lines[index];
    const row =
      line.kind === 'item' ? itemRow(pdf, t, line, total?.kind === 'item' ? total : undefined) : textRow(pdf, line);
    const isLast = index === doc.lines.length - 1;
    // The last row needs no room for a carried sum: the totals follow, wherever they land.
    const limit = page.bodyBottom - (isLast ? 0 : carriedHeight);
    if (pdf.y + row.height > limit) {
      carriedRow(pdf, t, sum, 'foot');
      newPage();
      headerRow(pdf, doc, t);
      carriedRow(pdf, t, sum, 'head');
    }
    const y = pdf.y;
    row.draw(y);
    pdf.y = y + row.height;
    pdf.strokeColor(colors.shade).lineWidth(0.4).moveTo(page.left, pdf.y).lineTo(page.right, pdf.y).stroke();
    if (row.amount !== null) sum = sum.plus(row.amount);
  });
  pdf.x = page.left;
  return sum;
}

/** The totals block under the table: subtotal, discount, net, VAT per rate, gross. */
export function drawTotals(pdf: Pdf, doc: SalesDocumentPrint, t: Texts, newPage: () => void) {
  const { totals } = doc;
  const gross = doc.pricesEntered === 'gross';
  const rows: { label: string; value: string; strong?: boolean }[] = [];
  const discounted = !new Decimal(totals.documentDiscount.net).isZero();
  if (discounted) {
    rows.push(
      gross && totals.subtotal.gross !== null
        ? { label: t.subtotalGross, value: t.money(totals.subtotal.gross) }
        : { label: t.subtotalNet, value: t.money(totals.subtotal.net) },
    );
    const discount =
      gross && totals.documentDiscount.gross !== null ? totals.documentDiscount.gross : totals.documentDiscount.net;
    rows.push({ label: t.documentDiscount, value: t.money(new Decimal(discount).negated().toFixed()) });
  }
  if (totals.note === 'smallBusiness') {
    rows.push({ label: t.grossTotal, value: t.money(totals.grossTotal), strong: true });
  } else {
    rows.push({ label: t.netTotal, value: t.money(totals.netTotal), strong: !gross });
    for (const group of totals.vat) {
      const label = gross ? t.vatIncluded : t.vatOn;
      rows.push({ label: label(t.percent(group.rate), t.money(group.base)), value: t.money(group.tax) });
    }
    rows.push({ label: t.grossTotal, value: t.money(totals.grossTotal), strong: true });
  }
  const rowHeight = 13;
  if (pdf.y + 8 + rows.length * rowHeight > page.bodyBottom) newPage();
  let y = pdf.y + 8;
  const labelX = page.left + contentWidth * 0.35;
  const labelWidth = contentWidth * 0.45;
  const valueWidth = page.right - labelX - labelWidth;
  for (const row of rows) {
    if (row.strong) {
      pdf
        .strokeColor(colors.rule)
        .lineWidth(0.6)
        .moveTo(labelX, y - 2)
        .lineTo(page.right, y - 2)
        .stroke();
    }
    pdf
      .font(row.strong ? 'bold' : 'regular')
      .fontSize(9)
      .fillColor(colors.text);
    pdf.text(row.label, labelX, y + 1, { width: labelWidth, lineBreak: false });
    pdf.text(row.value, labelX + labelWidth, y + 1, { width: valueWidth - padding, align: 'right', lineBreak: false });
    y += rowHeight;
  }
  pdf.x = page.left;
  pdf.y = y + 6;
}
