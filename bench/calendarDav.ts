// The CardDAV part of `npm run bench -- calendar`: the admin's address book holds the
// workspace's 10,000 contacts (made theirs in SQL), read as a phone does — a first full
// sync-collection, then after each single change a sync-collection with the last token.
import pg from 'pg';

interface Options {
  baseUrl: string;
  headers: Record<string, string>;
  databaseUrl: string;
  workspaceId: string;
  adminId: string;
  adminEmail: string;
  timed: (request: () => Promise<Response>, check: (r: Response, body: string) => void) => Promise<number[]>;
  row: (what: string, times: number[], target: string, extra?: string) => string;
}

const tokenOf = (body: string) => /<d:sync-token>([^<]+)<\/d:sync-token>\s*<\/d:multistatus>/.exec(body)?.[1] ?? '';

export async function carddavSync(o: Options): Promise<string[]> {
  const owner = new pg.Client({ connectionString: o.databaseUrl });
  await owner.connect();
  await owner.query('update contacts set owner_id = $2 where workspace_id = $1', [o.workspaceId, o.adminId]);
  const { rows } = await owner.query<{ n: number }>(
    'select count(*)::int n from contacts where workspace_id = $1 and deleted_at is null',
    [o.workspaceId],
  );
  await owner.end();
  const made = await fetch(`${o.baseUrl}/api/v1/app-passwords`, {
    method: 'POST',
    headers: o.headers,
    body: JSON.stringify({ name: 'Bench-Telefon' }),
  });
  if (made.status !== 201) throw new Error(`app password: ${made.status} ${await made.text()}`);
  const password = ((await made.json()) as { password: string }).password;
  const authorization = `Basic ${Buffer.from(`${o.adminEmail}:${password}`).toString('base64')}`;
  const book = `${o.baseUrl}/dav/addressbooks/${o.adminId}/contacts/`;
  const sync = (token: string) =>
    fetch(book, {
      method: 'REPORT',
      headers: { authorization, 'content-type': 'application/xml; charset=utf-8' },
      body: `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    });
  let token = '';
  let cards = 0;
  const first = await o.timed(
    () => sync(''),
    (answer, body) => {
      if (answer.status !== 207) throw new Error(`sync: ${answer.status} ${body.slice(0, 300)}`);
      cards = body.match(/<d:response>/g)?.length ?? 0;
      token = tokenOf(body);
    },
  );
  // Each round: one contact changed through the API, then the phone's sync with its last token
  // (only the REPORT is timed).
  const changed: number[] = [];
  let changes = 0;
  for (let round = 0; round < first.length; round++) {
    const made = await fetch(`${o.baseUrl}/api/v1/contacts`, {
      method: 'POST',
      headers: o.headers,
      body: JSON.stringify({ lastName: `Neukunde ${round}`, ownerId: o.adminId }),
    });
    if (made.status !== 201) throw new Error(`contact: ${made.status}`);
    const started = performance.now();
    const answer = await sync(token);
    const body = await answer.text();
    changed.push(performance.now() - started);
    if (answer.status !== 207) throw new Error(`sync: ${answer.status}`);
    changes = body.match(/<d:response>/g)?.length ?? 0;
    token = tokenOf(body);
  }
  changed.sort((x, y) => x - y);
  return [
    o.row(
      'CardDAV sync-collection after one change',
      changed,
      '< 200',
      `${rows[0].n.toLocaleString('en')} contacts; ${changes} card reported (the change)`,
    ),
    o.row('CardDAV first sync-collection', first, '—', `${cards.toLocaleString('en')} cards listed with their etags`),
  ];
}
