// A refused export as a page, for a browser that opened the export's URL. The web app's export
// links are plain links, so that a file of a million rows streams to disk and never through the
// page's memory; whatever the server answers is what the browser shows. An API client gets the
// problem document as always; a navigation (Accept: text/html) gets a short page in the user's
// language that says what happened and leads back to the list.
import type { FastifyReply, FastifyRequest } from 'fastify';

type Language = 'de' | 'en';

const texts = {
  de: {
    title: 'Export nicht möglich',
    exports_busy: 'Gerade laufen zu viele Exporte. Bitte versuchen Sie es in einer Minute noch einmal.',
    unauthenticated: 'Sie sind nicht mehr angemeldet. Bitte melden Sie sich an und exportieren Sie noch einmal.',
    other: 'Der Export konnte nicht erstellt werden.',
    details: 'Einzelheiten (englisch)',
    back: 'Zurück zur Liste',
    signIn: 'Anmelden',
  },
  en: {
    title: 'Export not possible',
    exports_busy: 'Too many exports are running right now. Please try again in a minute.',
    unauthenticated: 'You are no longer signed in. Please sign in and export again.',
    other: 'The export could not be made.',
    details: 'Details',
    back: 'Back to the list',
    signIn: 'Sign in',
  },
} as const satisfies Record<Language, Record<string, string>>;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The export's own `lang` (the web app sends the user's), else the browser's first language. */
function languageOf(request: FastifyRequest): Language {
  const lang = new URL(request.url, 'http://farley').searchParams.get('lang');
  if (lang === 'de' || lang === 'en') return lang;
  return /^\s*de\b/i.test(String(request.headers['accept-language'] ?? '')) ? 'de' : 'en';
}

/** Where "back" leads: the page the link was on when it is one of ours, else the start page. */
function backOf(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    const host = request.headers.host;
    return host && url.host === host && !url.pathname.startsWith('/api/') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

/** A browser opening the URL (a link, the address bar), not a script asking for data. */
const isNavigation = (request: FastifyRequest) => /\btext\/html\b/.test(String(request.headers.accept ?? ''));

/** The page for a problem document; undefined for anything that is not one. */
export function problemPage(request: FastifyRequest, status: number, payload: unknown): string | undefined {
  if (status < 400 || typeof payload !== 'string') return undefined;
  let problem: { code?: string; detail?: string };
  try {
    problem = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const language = languageOf(request);
  const t = texts[language];
  const signedOut = status === 401;
  const message = problem.code === 'exports_busy' ? t.exports_busy : signedOut ? t.unauthenticated : t.other;
  const detail =
    problem.code === 'exports_busy' || signedOut || !problem.detail
      ? ''
      : `<p class="detail">${escapeHtml(t.details)}: ${escapeHtml(problem.detail)}</p>`;
  const link = signedOut ? { href: '/', text: t.signIn } : { href: backOf(request), text: t.back };
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)} – Farley</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#212529}h1{font-size:1.4rem}.detail{color:#666;font-size:.9rem}a{color:#1c7ed6}</style>
</head>
<body>
<main data-problem="${escapeHtml(problem.code ?? '')}">
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(message)}</p>
${detail}
<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>
</main>
</body>
</html>
`;
}

/** onSend hook of the export routes: a problem answered to a navigation becomes the page. */
export async function refusalAsPage(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (!isNavigation(request) || !String(reply.getHeader('content-type') ?? '').includes('problem+json')) return payload;
  const page = problemPage(request, reply.statusCode, payload);
  if (page === undefined) return payload;
  reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
  return page;
}
