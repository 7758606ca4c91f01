// The fixed parts of a printed sales document's pages, after DIN 5008 form B: the letterhead,
// the sender line and recipient in the address window, the information block, the fold marks,
// the short header of follow pages, and the imprint footer with page numbers on every page.
import type PDFDocument from 'pdfkit';
import type { PrintLetterhead, SalesDocumentPrint } from '../../../contract/sales/print.ts';
import { groupedIban, type printTexts } from './salesPdf.texts.ts';

export type Pdf = InstanceType<typeof PDFDocument>;
export type Texts = ReturnType<typeof printTexts>;

/** Millimetres in PDF points. */
export const mm = (value: number) => (value * 72) / 25.4;

/** A4 and the DIN 5008 form B positions. */
export const page = {
  width: mm(210),
  height: mm(297),
  left: mm(25),
  right: mm(190),
  /** Where the body starts on follow pages. */
  followTop: mm(25),
  /** The imprint footer's first line; the body ends above the page number. */
  footerTop: mm(297 - 30),
  bodyBottom: mm(297 - 30) - 18,
  window: { left: mm(20), top: mm(45), width: mm(85), height: mm(45), notesHeight: mm(17.7) },
  info: { left: mm(125), top: mm(50), labelWidth: mm(29) },
  bodyTop: mm(103.5),
} as const;
export const contentWidth = page.right - page.left;

export const colors = { text: '#1a1a1a', muted: '#5c5c5c', rule: '#9a9a9a', shade: '#eeeeee' } as const;

function titleOf(doc: SalesDocumentPrint, t: Texts) {
  return doc.kind === 'quote' ? t.quote : t.order;
}

/** The address on one line, as in the sender line (Rücksendeangabe). */
function senderLine(letterhead: PrintLetterhead) {
  return [letterhead.companyName, ...letterhead.addressLines].filter(Boolean).join(' · ');
}

/** Logo, company and address at the top, sender line and recipient in the window, fold marks. */
export function drawFirstPageHead(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  const { letterhead } = doc;
  let logoDrawn = false;
  if (letterhead.logo) {
    try {
      pdf.image(Buffer.from(letterhead.logo), mm(130), mm(10), {
        fit: [mm(60), mm(24)],
        align: 'right',
      });
      logoDrawn = true;
    } catch {
      // A logo the image decoder cannot read is left out: the document matters more than it.
    }
  }
  pdf
    .font('bold')
    .fontSize(15)
    .fillColor(colors.text)
    .text(letterhead.companyName, page.left, mm(14), { width: logoDrawn ? mm(100) : contentWidth });
  pdf
    .font('regular')
    .fontSize(8)
    .fillColor(colors.muted)
    .text(letterhead.addressLines.join(' · '), { width: logoDrawn ? mm(100) : contentWidth });

  // Sender line at the foot of the window's note zone, recipient in its address zone.
  const w = page.window;
  const inner = w.left + mm(5);
  const innerWidth = w.width - mm(10);
  pdf
    .font('regular')
    .fontSize(6.5)
    .fillColor(colors.muted)
    .text(senderLine(letterhead), inner, w.top + w.notesHeight - mm(5), {
      width: innerWidth,
      underline: true,
      ellipsis: true,
      height: 9,
    });
  pdf.font('regular').fontSize(10).fillColor(colors.text);
  let y = w.top + w.notesHeight;
  for (const line of doc.recipientLines.slice(0, 6)) {
    pdf.text(line, inner, y, { width: innerWidth, ellipsis: true, height: 13 });
    y += 12.5;
  }

  drawInfoBlock(pdf, doc, t);

  // Fold marks at 105 and 210 mm, the punch mark in the middle (form B).
  pdf.strokeColor(colors.rule).lineWidth(0.5);
  for (const [at, length] of [
    [105, 5],
    [148.5, 8],
    [210, 5],
  ] as const) {
    pdf
      .moveTo(mm(3), mm(at))
      .lineTo(mm(3 + length), mm(at))
      .stroke();
  }

  pdf
    .font('bold')
    .fontSize(13)
    .fillColor(colors.text)
    .text(`${titleOf(doc, t)} ${doc.number}`, page.left, page.bodyTop, { width: contentWidth });
  if (doc.subject) pdf.font('bold').fontSize(10.5).text(doc.subject, { width: contentWidth });
  pdf.moveDown(0.8);
  if (doc.introduction) {
    pdf.font('regular').fontSize(9.5).text(doc.introduction, { width: contentWidth });
    pdf.moveDown(0.8);
  }
}

function drawInfoBlock(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  const rows: [string, string][] = [[t.numberOf[doc.kind], doc.number]];
  rows.push([t.date, t.day(doc.date)]);
  if (doc.validUntil) rows.push([t.validUntil, t.day(doc.validUntil)]);
  if (doc.customerReference) rows.push([t.customerReference, doc.customerReference]);
  if (doc.contactPerson) rows.push([t.contactPerson, doc.contactPerson]);
  if (doc.taxTreatment === 'reverseCharge' && doc.recipientVatId) rows.push([t.yourVatId, doc.recipientVatId]);
  const { left, top, labelWidth } = page.info;
  const valueWidth = page.right - left - labelWidth;
  let y = top;
  for (const [label, value] of rows) {
    pdf
      .font('regular')
      .fontSize(8)
      .fillColor(colors.muted)
      .text(label, left, y, { width: labelWidth - 4 });
    pdf.fillColor(colors.text).text(value, left + labelWidth, y, { width: valueWidth });
    y = Math.max(y + 11.5, pdf.y + 1);
  }
}

/** The short header of a follow page; the body goes on below it. */
export function drawFollowHead(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  pdf
    .font('regular')
    .fontSize(8)
    .fillColor(colors.muted)
    .text(`${doc.letterhead.companyName} · ${t.continued(titleOf(doc, t), doc.number)}`, page.left, mm(14), {
      width: contentWidth,
      lineBreak: false,
    });
  pdf.x = page.left;
  pdf.y = page.followTop;
}

/** The imprint columns the law asks for on business letters, and "Seite x von y", on every page. */
export function drawFooters(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  const l = doc.letterhead;
  const columns = [
    [l.companyName, ...l.addressLines],
    [
      l.phone ? `${t.phone} ${l.phone}` : null,
      l.email ? `${t.email} ${l.email}` : null,
      l.website ? `${t.website} ${l.website}` : null,
    ],
    [
      l.register,
      l.management,
      l.vatId ? `${t.vatId} ${l.vatId}` : null,
      l.taxNumber ? `${t.taxNumber} ${l.taxNumber}` : null,
    ],
    [l.bankName, l.iban ? `${t.iban} ${groupedIban(l.iban)}` : null, l.bic ? `${t.bic} ${l.bic}` : null],
  ].map((lines) => lines.filter((line): line is string => !!line));
  const gap = mm(3);
  // The bank column is the widest: an IBAN should stay on one line.
  const widths = [0.21, 0.23, 0.27, 0.29].map((share) => share * (contentWidth - gap * 3));
  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    // Writing below the bottom margin would start a new page; the footer lives there.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8)
      .fillColor(colors.muted)
      .text(t.page(index - range.start + 1, range.count), page.left, page.footerTop - 14, {
        width: contentWidth,
        align: 'right',
        lineBreak: false,
      });
    pdf
      .strokeColor(colors.rule)
      .lineWidth(0.5)
      .moveTo(page.left, page.footerTop - 3)
      .lineTo(page.right, page.footerTop - 3)
      .stroke();
    pdf.fontSize(6.3);
    let x = page.left;
    columns.forEach((lines, column) => {
      const width = widths[column];
      let y = page.footerTop;
      for (const line of lines) {
        pdf.text(line, x, y, { width });
        y = pdf.y;
      }
      x += width + gap;
    });
    pdf.page.margins.bottom = margin;
  }
}

export { titleOf };
