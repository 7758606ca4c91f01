// The HTML of an email body: what of it is kept (sanitize-html with an allowlist: the
// formatting a rich-text editor writes, links to the web, mail and phone, nothing that runs,
// loads or styles), values escaped for it, and the plain-text part of an email made from it.
import sanitizeHtml from 'sanitize-html';

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'h1',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'hr',
    'code',
    'pre',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  // Pasted text brings divs and strikes: kept as the editor's own paragraphs and strikes.
  transformTags: { div: 'p', strike: 's', del: 's' },
  disallowedTagsMode: 'discard',
  // Elements whose text is never meant to be read go with their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template'],
};

/** The body as it may be stored and sent: only the allowed tags, attributes and link schemes. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, allowed);
}

/** A value for HTML text or a quoted attribute: it can never open a tag or leave the quotes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Text of sanitised HTML with its character references read back. */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

const blocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'blockquote', 'pre', 'ul', 'ol', 'hr']);

/**
 * The plain-text part of an email from a sanitised body: paragraphs apart by an empty line,
 * line breaks kept, list items as "- " or "1. ", a link's address after its text when the text
 * is not the address itself. Only sanitizeBody's output is read, so the tags are known ones.
 */
export function htmlToText(html: string): string {
  let out = '';
  const lists: Array<{ ordered: boolean; next: number }> = [];
  let link: { href: string; start: number } | null = null;
  let pre = 0;
  const newBlock = () => {
    out = out.replace(/[ \t]+$/, '');
    if (out !== '' && !out.endsWith('\n\n')) out += out.endsWith('\n') ? '\n' : '\n\n';
  };
  for (const [, closing, tag, attributes, text] of html.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi)) {
    if (text !== undefined) {
      let piece = decode(text);
      if (!pre) piece = piece.replace(/[ \t\r\n]+/g, ' ');
      if (!pre && (out === '' || out.endsWith('\n') || out.endsWith(' '))) piece = piece.replace(/^ /, '');
      out += piece;
      continue;
    }
    const name = tag!.toLowerCase();
    if (name === 'br') {
      out = `${out.replace(/[ \t]+$/, '')}\n`;
    } else if (name === 'li' && !closing) {
      const list = lists.at(-1);
      if (!out.endsWith('\n') && out !== '') out += '\n';
      out += `${'  '.repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${list.next++}. ` : '- '}`;
    } else if ((name === 'ul' || name === 'ol') && !closing) {
      if (lists.length === 0) newBlock();
      lists.push({ ordered: name === 'ol', next: 1 });
    } else if ((name === 'ul' || name === 'ol') && closing) {
      lists.pop();
      if (lists.length === 0) newBlock();
    } else if (name === 'a') {
      if (!closing) {
        const href = /href="([^"]*)"/.exec(attributes ?? '')?.[1];
        link = href ? { href: decode(href), start: out.length } : null;
      } else if (link) {
        const shown = out.slice(link.start).trim();
        const address = link.href.replace(/^mailto:|^tel:/, '');
        if (shown !== address && shown !== link.href) out += ` (${address})`;
        link = null;
      }
    } else if (name === 'hr') {
      newBlock();
      out += '----------';
      newBlock();
    } else if (blocks.has(name) && lists.length === 0) {
      if (name === 'pre') pre += closing ? -1 : 1;
      newBlock();
    }
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
