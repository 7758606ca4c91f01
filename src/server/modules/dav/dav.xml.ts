// The XML of WebDAV (RFC 4918) as the DAV server reads and writes it: request bodies parsed
// with fast-xml-parser into elements named in Clark notation ({namespace}local, so that a
// client's prefixes do not matter), and multistatus answers written as text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ns = {
  dav: 'DAV:',
  card: 'urn:ietf:params:xml:ns:carddav',
  cal: 'urn:ietf:params:xml:ns:caldav',
  cs: 'http://calendarserver.org/ns/',
  apple: 'http://apple.com/ns/ical/',
} as const;

const prefixes: Record<string, string> = {
  [ns.dav]: 'd',
  [ns.card]: 'card',
  [ns.cal]: 'cal',
  [ns.cs]: 'cs',
  [ns.apple]: 'ical',
};

/** An element: its attributes (by local name) and its children in document order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class BadXml extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // A DAV body has no business declaring entities; refusing them shuts out entity expansion.
  htmlEntities: false,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElements(nodes: Ordered[], scope: Map<string, string>): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  let text = '';
  for (const node of nodes) {
    const attributes = node[':@'] ?? {};
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') {
      text += String(node[key]);
      continue;
    }
    if (key.startsWith('?') || key.startsWith('!')) continue;
    const inner = new Map(scope);
    const own: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns') inner.set('', value);
      else if (name.startsWith('xmlns:')) inner.set(name.slice(6), value);
      else own[name.includes(':') ? name.slice(name.indexOf(':') + 1) : name] = String(value);
    }
    const colon = key.indexOf(':');
    const prefix = colon === -1 ? '' : key.slice(0, colon);
    const local = colon === -1 ? key : key.slice(colon + 1);
    const namespace = inner.get(prefix);
    if (namespace === undefined && prefix !== '') throw new BadXml(`The prefix ${prefix} is not declared.`);
    const children = toElements((node[key] as Ordered[]) ?? [], inner);
    elements.push({
      name: `{${namespace ?? ''}}${local}`,
      attributes: own,
      children: children.elements,
      text: children.text,
    });
  }
  return { elements, text };
}

/** The root element of a request body, or null for an empty body; BadXml when it is not XML. */
export function parseXml(body: string): XmlElement | null {
  if (body.trim() === '') return null;
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new BadXml('Document type declarations are not accepted.');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new BadXml(`The XML is not well-formed: ${valid.err.msg} (line ${valid.err.line}).`);
  const { elements } = toElements(parser.parse(body) as Ordered[], new Map());
  if (elements.length !== 1) throw new BadXml('The XML needs exactly one root element.');
  return elements[0];
}

export const child = (element: XmlElement | null | undefined, name: string) =>
  element?.children.find((c) => c.name === name);
export const childrenNamed = (element: XmlElement | null | undefined, name: string) =>
  element?.children.filter((c) => c.name === name) ?? [];

export const dav = (local: string) => `{${ns.dav}}${local}`;
export const card = (local: string) => `{${ns.card}}${local}`;
export const cal = (local: string) => `{${ns.cal}}${local}`;
export const cs = (local: string) => `{${ns.cs}}${local}`;

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** An element of Clark name `name` with the given XML content (empty: self-closing). */
export function element(name: string, content = ''): string {
  const match = /^\{([^}]*)\}(.+)$/.exec(name);
  const [namespace, local] = match ? [match[1], match[2]] : ['', name];
  const prefix = prefixes[namespace];
  const tag = prefix ? `${prefix}:${local}` : local;
  const declaration = prefix || namespace === '' ? '' : ` xmlns="${escapeXml(namespace)}"`;
  return content === '' ? `<${tag}${declaration}/>` : `<${tag}${declaration}>${content}</${tag}>`;
}

export const hrefXml = (href: string) => element(dav('href'), escapeXml(href));

const declarations = Object.entries(prefixes)
  .map(([namespace, prefix]) => `xmlns:${prefix}="${namespace}"`)
  .join(' ');

/** One resource of a multistatus: properties found (name → content) and not found. */
export interface DavResponse {
  href: string;
  found?: Array<[string, string]>;
  missing?: string[];
  /** Properties the client may not change (PROPPATCH): 403. */
  refused?: string[];
  /** A status for the whole resource (a deleted one in a sync report: 404). */
  status?: number;
}

const statusLine = (status: number) =>
  `HTTP/1.1 ${status} ${{ 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 507: 'Insufficient Storage' }[status] ?? ''}`;

export function multistatus(responses: DavResponse[], extra = ''): string {
  const parts = responses.map((r) => {
    let body = hrefXml(r.href);
    if (r.status) body += element(dav('status'), statusLine(r.status));
    if (r.found?.length) {
      const props = r.found.map(([name, content]) => element(name, content)).join('');
      body += element(dav('propstat'), element(dav('prop'), props) + element(dav('status'), statusLine(200)));
    }
    for (const [names, status] of [
      [r.missing, 404],
      [r.refused, 403],
    ] as const) {
      if (!names?.length) continue;
      const props = names.map((name) => element(name)).join('');
      body += element(dav('propstat'), element(dav('prop'), props) + element(dav('status'), statusLine(status)));
    }
    return element(dav('response'), body);
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus ${declarations}>${parts.join('')}${extra}</d:multistatus>`;
}

/** A DAV error body naming the precondition that failed (RFC 4918 16). */
export function errorXml(condition: string, content = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:error ${declarations}>${element(condition, content)}</d:error>`;
}
