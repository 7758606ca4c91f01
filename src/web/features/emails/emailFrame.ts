// The document a message's HTML is shown in: a sandboxed frame (no scripts, no origin of its
// own) whose Content-Security-Policy loads nothing but inline styles and, when the user asked
// for them, remote images. The server sanitised the HTML already; this is the second wall.

/** The frame's sandbox: links open in a new tab, nothing else is allowed. */
export const frameSandbox = 'allow-popups allow-popups-to-escape-sandbox';

export function framePolicy(remoteImages: boolean): string {
  return `default-src 'none'; img-src ${remoteImages ? 'data: https: http:' : 'data:'}; style-src 'unsafe-inline'`;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The srcdoc of a message's frame. */
export function frameDocument(html: string, options: { remoteImages: boolean }): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(framePolicy(options.remoteImages))}">`,
    '<base target="_blank">',
    '<style>body{margin:0;padding:4px 2px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;',
    'color:#212529;overflow-wrap:anywhere}img{max-width:100%;height:auto}blockquote{margin:0 0 0 8px;',
    'padding-left:8px;border-left:2px solid #ced4da;color:#495057}</style>',
    `</head><body>${html}</body></html>`,
  ].join('');
}

/**
 * A height that fits most of a message without scripts in the frame (which could measure it):
 * from the length of its text, between a few lines and most of a screen.
 */
export function frameHeight(text: string): number {
  const lines = text.split('\n').reduce((sum, line) => sum + 1 + Math.floor(line.length / 90), 0);
  return Math.min(640, Math.max(160, lines * 22 + 48));
}
