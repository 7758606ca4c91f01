// The CardDAV part of `npm run bench -- calendar`: filled in with the DAV server.
export async function carddavSync(_options: unknown): Promise<string[]> {
  return [];
}
