// Optimistic concurrency over HTTP: ETag out, If-Match in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.ts';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Sends a record with its ETag. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('etag', etagOf(record.version));
  return record;
}

/** The version the client expects from If-Match, if it sent one. */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(String(header).trim());
  if (!match) throw badRequest('If-Match must be an ETag this server sent, like "3".', undefined, 'invalid_if_match');
  return Number(match[1]);
}
