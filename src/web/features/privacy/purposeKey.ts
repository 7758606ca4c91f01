// The key the privacy page proposes for a new consent purpose, from its name as it is typed.

/** A key from a purpose's name: `Einladung zum Webinar` → `einladung_zum_webinar`. */
export function keyFor(name: string): string {
  const plain = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return plain.slice(0, 40).replace(/_+$/, '');
}
