// The slow request log: a warning for each request that took at least FARLEY_SLOW_REQUEST_MS,
// so that an operator sees which requests are slow without a line for every request. It
// names the route and path but not the query's values: a search term or filter may be a
// customer's name, which has no business in a log file.
import type { FastifyInstance } from 'fastify';

/** Logs every response sent `ms` or more after its request arrived (none when `ms` is 0). */
export function installSlowRequestLog(app: FastifyInstance, ms: number): void {
  if (ms <= 0) return;
  app.addHook('onResponse', (request, reply, done) => {
    const elapsed = reply.elapsedTime;
    if (elapsed >= ms) {
      const [path, query] = request.url.split('?', 2);
      request.log.warn(
        {
          method: request.method,
          route: request.routeOptions.url,
          path,
          query: query === undefined ? undefined : [...new URLSearchParams(query).keys()].join(','),
          statusCode: reply.statusCode,
          ms: Math.round(elapsed),
        },
        'slow request',
      );
    }
    done();
  });
}
