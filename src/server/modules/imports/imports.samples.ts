// A few values of each column of an uploaded file, read from its first rows: the web app shows
// them beside the columns so that the mapping is chosen by what a column holds, not only by its
// name ("Feld 3" tells nothing, "10115 · 80331" does).
import type { Source } from './formats/index.ts';

const rowsRead = 50;
const perColumn = 2;
const longest = 80;

export async function sampleValues(source: Source): Promise<Record<string, string[]>> {
  const samples: Record<string, string[]> = Object.fromEntries(source.columns.map((column) => [column, []]));
  let open = source.columns.length;
  let read = 0;
  try {
    for await (const row of source.rows()) {
      for (const column of source.columns) {
        const list = samples[column]!;
        const value = (row.values[column] ?? '').trim();
        if (list.length >= perColumn || value === '' || list.includes(value)) continue;
        list.push(value.length > longest ? `${value.slice(0, longest - 1)}…` : value);
        if (list.length === perColumn) open--;
      }
      read++;
      if (open === 0 || read >= rowsRead) break;
    }
  } catch {
    // A file that breaks within its first rows still uploads: the preview and the run report
    // the problem with its line; the samples are only a help for the mapping.
  }
  return samples;
}
