// Content-Disposition for a download: an ASCII fallback name and the UTF-8 name (RFC 6266), so
// "Angebot Müller.pdf" arrives with its umlaut in every browser and as "Angebot Muller.pdf" in
// clients that know only the plain parameter.
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
