// HTML from outside (a received mail) or from a user's editor (a signature, a message to send),
// made safe to show: no script, no event handlers, no forms, no frames, no javascript: links.
// For display, remote images are blocked unless asked for (a tracking pixel tells the sender
// that and when the mail was read): their address moves to data-blocked-src.
import sanitize from 'sanitize-html';

const allowedTags = [
  ...sanitize.defaults.allowedTags,
  'img',
  'span',
  'font',
  'center',
  'u',
  's',
  'del',
  'ins',
  'small',
  'big',
  'sub',
  'sup',
  'hr',
  'col',
  'colgroup',
];

const layout = [
  'style',
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'border',
  'cellpadding',
  'cellspacing',
  'color',
  'face',
  'size',
  'dir',
  'class',
];

export interface CleanHtml {
  html: string;
  remoteImages: number;
}

const remote = /^(https?:)?\/\//i;
const inline = /^data:/i;

/**
 * Sanitised HTML. `cidUrl` turns an inline image's Content-ID into the URL that serves it;
 * `remoteImages` keeps remote images (else they are blocked and counted).
 */
export function cleanHtml(
  html: string,
  options: { remoteImages?: boolean; cidUrl?: (contentId: string) => string | undefined } = {},
): CleanHtml {
  let blocked = 0;
  const out = sanitize(html, {
    allowedTags,
    allowedAttributes: {
      '*': layout,
      a: ['href', 'name', 'target', 'title', ...layout],
      img: ['src', 'alt', 'title', 'data-blocked-src', ...layout],
      td: ['colspan', 'rowspan', ...layout],
      th: ['colspan', 'rowspan', ...layout],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel', 'cid', 'data'],
    allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'], a: ['http', 'https', 'mailto', 'tel'] },
    allowProtocolRelative: false,
    // Styles stay (mail is laid out with them), but nothing that loads from elsewhere.
    allowedStyles: undefined,
    parseStyleAttributes: false,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' } }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (src.toLowerCase().startsWith('cid:')) {
          const url = options.cidUrl?.(src.slice(4));
          return { tagName, attribs: { ...attribs, src: url ?? '' } };
        }
        // A relative address has no meaning in a mail, but shown in Farley it would be Farley's
        // own: the browser would fetch that URL of the app with the reader's session (an
        // export, say) once images are allowed. It goes, as does any that is neither remote
        // nor inline.
        if (!remote.test(src) && !inline.test(src)) {
          const { src: _, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        if (remote.test(src) && !options.remoteImages) {
          blocked++;
          const { src: _, ...rest } = attribs;
          return { tagName, attribs: { ...rest, 'data-blocked-src': src } };
        }
        return { tagName, attribs };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'style' || frame.tag === 'title',
  });
  // url(...) in inline styles would load from elsewhere just like an image; in a style
  // attribute, any url(...) but an inline one (a relative one would load from Farley).
  const noRemoteStyles = out
    .replace(/url\s*\(\s*(['"]?)(https?:)?\/\/[^)]*\)/gi, 'none')
    .replace(/\sstyle="[^"]*"/gi, (attribute) =>
      attribute.replace(/url\s*\(\s*(?!(['"]|&quot;|&#39;)?\s*data:)[^)]*\)/gi, 'none'),
    );
  return { html: noRemoteStyles, remoteImages: blocked };
}
