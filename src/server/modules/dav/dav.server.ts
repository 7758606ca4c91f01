// The CardDAV and CalDAV server at /dav (RFC 4918, 6352, 4791, 6578, 6764): outside /api/v1
// and its hooks, with its own body parsers and its own sign-in (HTTP Basic with the user's
// email and an app password, see dav.routes.ts). Each request runs in one tenant transaction
// of the caller's workspace, the one its sign-in opened, so row-level security holds.
//
// Paths: /dav/principals/<user>/, /dav/addressbooks/<user>/contacts/<contact id>.vcf and
// /dav/calendars/<user>/appointments/<uid>.ics. Another user's paths do not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { inTenant, leaseOf } from '../../platform/db/tenant.ts';
import { AppError } from '../../platform/errors.ts';
import { actorFromAppPassword } from '../auth/auth.service.ts';
import { DavError, propfind, proppatch, type Answer } from './dav.handlers.ts';
import { report } from './dav.reports.ts';
import { collectionPath, davRoot, resolve } from './dav.paths.ts';
import { currentItems } from './dav.sync.ts';
import { BadXml, dav, errorXml, parseXml } from './dav.xml.ts';

const unauthenticated = () =>
  new AppError('unauthenticated', 'Sign in with your email and an app password of Farley.', undefined, {
    'www-authenticate': 'Basic realm="Farley", charset="UTF-8"',
  });

/** The caller of HTTP Basic with an app password; the tenant transaction stays open for the request. */
async function authenticate(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) throw unauthenticated();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw unauthenticated();
  const actor = await actorFromAppPassword(ctx, decoded.slice(0, colon), decoded.slice(colon + 1), request.ip);
  if (!actor) throw unauthenticated();
  request.actor = actor;
  // The handler's inTenant takes the transaction over; if none does (an error), it ends here.
  const lease = leaseOf(actor);
  const end = () => void lease?.end('commit');
  if (reply.raw.destroyed) end();
  else reply.raw.once('close', end);
}

const davHeader = '1, 3, addressbook, calendar-access';
const allow = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT';

function etagHeader(etag: string): string {
  return `"${etag}"`;
}

/** An If-Match or If-None-Match value without its quotes (a weak one counts as itself). */
function unquote(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '*') return '*';
  return trimmed.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

async function handle(ctx: AppContext, request: FastifyRequest): Promise<Answer> {
  const actor = request.actor!;
  const path = request.url.split('?')[0];
  const target = resolve(path, actor);
  if (!target) return { status: 404, body: 'Not found', type: 'text/plain; charset=utf-8' };
  const body = typeof request.body === 'string' ? request.body : '';
  if (request.body !== undefined && request.body !== null && typeof request.body !== 'string')
    throw new AppError('bad_request', 'Send XML, vCard or iCalendar.', undefined, undefined, 'unsupported_media_type');
  return inTenant(ctx.db.app, actor, async (tx) => {
    switch (request.method) {
      case 'PROPFIND':
        return propfind(tx, actor, target, parseXml(body), request.headers.depth);
      case 'PROPPATCH':
        return proppatch(path, parseXml(body));
      case 'REPORT': {
        if (target.kind !== 'collection') throw new DavError(403, dav('supported-report'));
        const root = parseXml(body);
        if (!root) throw new AppError('bad_request', 'A REPORT needs a body.');
        return report(tx, actor, target.collection, root, request.headers.accept);
      }
      case 'GET':
      case 'HEAD': {
        if (target.kind !== 'object') return { status: 405, headers: { allow }, body: '' };
        const { collection, name } = target;
        const [item] = await currentItems(tx, await collection.current(tx, actor), [name]);
        const variant = /version\s*=\s*"?4\.0/.test(request.headers.accept ?? '') ? '4.0' : '3.0';
        const data = item ? (await collection.read(tx, actor, [name], variant)).get(name) : undefined;
        if (!item || data === undefined) return { status: 404, body: 'Not found', type: 'text/plain; charset=utf-8' };
        return {
          status: 200,
          type: collection.contentType(variant),
          headers: { etag: etagHeader(item.etag) },
          body: request.method === 'HEAD' ? '' : data,
        };
      }
      case 'PUT':
      case 'DELETE': {
        if (target.kind !== 'object') return { status: 405, headers: { allow }, body: '' };
        const { collection, name } = target;
        const resourcePath = `${collectionPath(collection, actor)}${name}`;
        if (!collection.writable || !collection.put || !collection.remove) throw DavError.needPrivileges(resourcePath);
        const ifNoneMatch = unquote(request.headers['if-none-match']);
        const ifMatch = unquote(request.headers['if-match']);
        let expected: string | null = ifNoneMatch === '*' ? '*' : ifMatch;
        if (expected === '*' && ifNoneMatch !== '*') {
          // If-Match: * means the object must exist; the collection checks etags, not that.
          const [exists] = await currentItems(tx, await collection.current(tx, actor), [name]);
          if (!exists) return { status: 412, body: '' };
          expected = null;
        }
        if (request.method === 'DELETE') {
          const removed = await collection.remove(tx, actor, name, expected);
          return removed ? { status: 204, body: '' } : { status: 404, body: '' };
        }
        const result = await collection.put(tx, actor, name, body, expected);
        return { status: result.created ? 201 : 204, headers: { etag: etagHeader(result.etag) }, body: '' };
      }
      default:
        return { status: 405, headers: { allow }, body: '' };
    }
  });
}

export async function davServer(app: FastifyInstance, ctx: AppContext) {
  for (const method of ['PROPFIND', 'PROPPATCH', 'REPORT', 'MKCOL', 'MKCALENDAR'])
    app.addHttpMethod(method, { hasBody: true });

  // Service discovery (RFC 6764): clients given only the server's name find the DAV root here.
  for (const url of ['/.well-known/carddav', '/.well-known/caldav']) {
    app.route({
      method: ['GET', 'HEAD', 'PROPFIND', 'OPTIONS'],
      url,
      schema: { hide: true },
      handler: async (_request, reply) => reply.redirect(davRoot, 301),
    });
  }

  await app.register(
    async (scope) => {
      // Bodies of DAV are XML, vCards and iCalendar, as text; up to the server's 1 MB (413 above).
      scope.addContentTypeParser(
        ['text/xml', 'application/xml', 'text/vcard', 'text/x-vcard', 'text/calendar'],
        { parseAs: 'string' },
        (_request, body, done) => done(null, body),
      );
      scope.addHook('preValidation', async (request, reply) => {
        if (request.method !== 'OPTIONS') await authenticate(ctx, request, reply);
      });
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        reply.header('dav', davHeader);
        if (request.method === 'OPTIONS') return reply.code(200).header('allow', allow).send();
        let answer: Answer;
        try {
          answer = await handle(ctx, request);
        } catch (error) {
          if (error instanceof BadXml)
            throw new AppError('bad_request', error.message, undefined, undefined, 'invalid_xml');
          if (!(error instanceof DavError)) throw error;
          answer = { status: error.status, body: errorXml(error.condition, error.content) };
        }
        reply.code(answer.status);
        for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
        if (answer.body === '') return reply.send();
        return reply.type(answer.type ?? 'application/xml; charset=utf-8').send(answer.body);
      };
      const methods = [
        'OPTIONS',
        'GET',
        'HEAD',
        'PUT',
        'DELETE',
        'PROPFIND',
        'PROPPATCH',
        'REPORT',
        'MKCOL',
        'MKCALENDAR',
      ];
      scope.route({ method: methods, url: '/', schema: { hide: true }, handler });
      scope.route({ method: methods, url: '/*', schema: { hide: true }, handler });
    },
    { prefix: '/dav' },
  );
}
