// The DejaVu faces of the printed documents (umlauts, ß and € in every one), parsed once per
// thread and shared by every document it renders.
//
// pdfkit parses a font anew for each document (fontkit.create), which is over a third of a
// quote's rendering time. The parsed font holds no state of one document: each document still
// gets its own pdfkit font object (its own subset of glyphs, widths and layout cache) around the
// shared parse. pdfkit offers no way in for a parsed font, so the first document of a thread
// loads the faces the documented way and the later ones reuse what it parsed, through pdfkit's
// font table (`_fontFamilies`). Where that table is not as expected (another pdfkit version),
// every document loads the faces itself: slower, the same bytes (salesPdf.test.ts checks both).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

type Pdf = InstanceType<typeof PDFDocument>;
export type FaceName = 'regular' | 'bold';

const require = createRequire(import.meta.url);
const files: Record<FaceName, Buffer> = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};
const faces = Object.keys(files) as FaceName[];

/** pdfkit's per-document font wrapper, as far as it is used here. */
type DocumentFont = { font: object; constructor: new (doc: Pdf, font: object, id: string) => DocumentFont };
type FontTable = { _fontFamilies?: Record<string, DocumentFont | undefined>; _fontCount?: number };

let parsed: { wrapper: DocumentFont['constructor']; fonts: Record<FaceName, object> } | null = null;
/** Off in the test that compares both ways. */
let sharing = true;
export function shareParsedFonts(on: boolean) {
  sharing = on;
}

/** Whether this thread's documents share the parsed faces (false only before its first document). */
export const parsedFontsShared = () => parsed !== null;

/** Makes the faces available to `pdf.font('regular')` and `pdf.font('bold')`. */
export function loadFaces(pdf: Pdf) {
  const table = pdf as unknown as FontTable;
  if (sharing && parsed && table._fontFamilies && typeof table._fontCount === 'number') {
    for (const face of faces) {
      table._fontCount += 1;
      table._fontFamilies[face] = new parsed.wrapper(pdf, parsed.fonts[face], `F${table._fontCount}`);
    }
    return;
  }
  // Both faces loaded now, in the order the shared way gives them their ids: the same bytes.
  for (const face of faces) pdf.registerFont(face, files[face]).font(face);
  if (!sharing || parsed) return;
  const loaded = faces.map((face) => table._fontFamilies?.[face]);
  if (loaded.every((font) => font && typeof font.font === 'object' && typeof font.constructor === 'function')) {
    const [regular, bold] = loaded as DocumentFont[];
    parsed = { wrapper: regular.constructor, fonts: { regular: regular.font, bold: bold.font } };
  }
}
