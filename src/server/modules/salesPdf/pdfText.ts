// Test support: the text of a PDF as a reader sees it, page by page and line by line (pdfjs),
// so tests check what a document says rather than how its bytes look.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Each page's lines, top to bottom; a line's pieces joined by one space, no-break spaces made plain. */
export async function pdfText(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true }).promise;
  const pages: string[][] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    const lines = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5]);
      // Pieces a point apart in height belong to one line (the table's cells are set apart a little).
      const key = [...lines.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      const line = lines.get(key) ?? [];
      line.push({ x: item.transform[4], text: item.str });
      lines.set(key, line);
    }
    pages.push(
      [...lines.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([, pieces]) =>
          pieces
            .sort((a, b) => a.x - b.x)
            .map((piece) => piece.text.replace(/\u00a0|\u202f/g, ' ').trim())
            .join(' '),
        ),
    );
  }
  await pdf.destroy();
  return pages;
}
