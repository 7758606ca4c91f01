// Renders a quote or order confirmation (SalesDocumentPrint) as an A4 PDF after DIN 5008 form B,
// with pdfkit and the DejaVu fonts (umlauts, ß and € in every glyph set). Synchronous CPU work:
// the server calls it through the worker pool (salesPdf.pool.ts), never on its event loop.
//
// The same document always gives the same bytes: the creation date is the document's date, and
// nothing else in the file depends on the clock or on chance (pdfkit's file id is a hash of the
// document information).
import PDFDocument from 'pdfkit';
import type { SalesDocumentPrint } from '../../../contract/sales/print.ts';
import {
  colors,
  contentWidth,
  drawFirstPageHead,
  drawFollowHead,
  drawFooters,
  page,
  type Pdf,
  type Texts,
  titleOf,
} from './salesPdf.page.ts';
import { loadFaces } from './salesPdf.fonts.ts';
import { drawLineTable, drawTotals } from './salesPdf.table.ts';
import { printTexts } from './salesPdf.texts.ts';

/** Keeps at least `height` points free below the current position, else starts a page. */
function keepRoom(pdf: Pdf, height: number) {
  if (pdf.y + height > page.bodyBottom) pdf.addPage();
}

function paragraph(pdf: Pdf, text: string, options: { bold?: boolean; size?: number } = {}) {
  pdf
    .font(options.bold ? 'bold' : 'regular')
    .fontSize(options.size ?? 9)
    .fillColor(colors.text);
  keepRoom(pdf, Math.min(pdf.heightOfString(text, { width: contentWidth }), 40));
  pdf.text(text, page.left, pdf.y, { width: contentWidth });
  pdf.moveDown(0.6);
}

function drawNotes(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  if (doc.lines.some((line) => line.kind === 'item' && line.optional)) {
    pdf.font('regular').fontSize(8).fillColor(colors.muted);
    pdf.text(t.optionalNote, page.left, pdf.y, { width: contentWidth });
    pdf.moveDown(0.6);
  }
  if (doc.totals.note === 'smallBusiness') paragraph(pdf, t.smallBusiness, { bold: true });
  if (doc.totals.note === 'reverseCharge') {
    const vatId = doc.recipientVatId ? `\n${t.recipientVatId}: ${doc.recipientVatId}` : '';
    paragraph(pdf, `${t.reverseCharge}${vatId}`, { bold: true });
  }
}

/**
 * The closing text on the left and the signature line on the right, side by side: on a quote
 * for the customer's acceptance, on an order confirmation for the sender.
 */
function drawClosingAndSignature(pdf: Pdf, doc: SalesDocumentPrint, t: Texts) {
  const half = contentWidth * 0.46;
  const right = page.right - half;
  pdf.font('regular').fontSize(9);
  const closingHeight = doc.closing ? pdf.heightOfString(doc.closing, { width: half }) : 0;
  const signatureHeight = 46;
  keepRoom(pdf, Math.max(closingHeight, signatureHeight));
  const top = pdf.y;
  if (doc.closing) pdf.fillColor(colors.text).text(doc.closing, page.left, top, { width: half });
  const closingBottom = pdf.y;
  let y = top;
  if (doc.kind === 'quote') {
    pdf.font('bold').fontSize(9).fillColor(colors.text).text(t.acceptance, right, y, { width: half });
    y = pdf.y;
  }
  const lineY = y + 24;
  pdf.strokeColor(colors.text).lineWidth(0.6).moveTo(right, lineY).lineTo(page.right, lineY).stroke();
  const caption = doc.kind === 'quote' ? t.signature : t.onBehalfOf(doc.letterhead.companyName);
  pdf
    .font('regular')
    .fontSize(7.5)
    .fillColor(colors.muted)
    .text(caption, right, lineY + 3, { width: half });
  pdf.x = page.left;
  pdf.y = Math.max(closingBottom, pdf.y);
}

/** The PDF of a quote or order confirmation, laid out in the document's language. */
export async function renderSalesPdf(doc: SalesDocumentPrint): Promise<Uint8Array> {
  const t = printTexts(doc);
  const pdf: Pdf = new PDFDocument({
    size: 'A4',
    margins: {
      top: page.followTop,
      bottom: page.height - page.bodyBottom,
      left: page.left,
      right: page.width - page.right,
    },
    bufferPages: true,
    // No default font: pdfkit would otherwise load Helvetica, which has no € or ẞ to offer.
    font: '',
    lang: doc.language === 'de' ? 'de-DE' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${titleOf(doc, t)} ${doc.number}`,
      Author: doc.letterhead.companyName,
      Subject: doc.subject,
      Creator: 'Farley',
      Producer: 'Farley',
      CreationDate: new Date(`${doc.date}T00:00:00Z`),
    },
  });
  loadFaces(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  // Every page after the first, added by the table or by text running over, gets the short head.
  pdf.on('pageAdded', () => drawFollowHead(pdf, doc, t));

  drawFirstPageHead(pdf, doc, t);
  drawLineTable(pdf, doc, t, () => pdf.addPage());
  drawTotals(pdf, doc, t, () => pdf.addPage());
  drawNotes(pdf, doc, t);
  if (doc.terms) paragraph(pdf, doc.terms);
  drawClosingAndSignature(pdf, doc, t);
  drawFooters(pdf, doc, t);
  pdf.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
