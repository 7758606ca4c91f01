// fast-check arbitraries for hostile API input: strings, numbers, JSON bodies guided by the
// OpenAPI schemas (so some of them get past validation and reach the services and the
// database), query strings and path segments. Used by fuzz.test.ts.
import fc from 'fast-check';

type Schema = Record<string, any>;

/** Strings that have broken servers before: control bytes, lone surrogates, lookalikes, huge. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\ud83d',
    '\ufeff',
    '\u202e',
    '%00',
    '%',
    '%zz',
    "'; drop table companies; --",
    '"',
    '\\',
    '{}',
    '[]',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e308',
    '-0',
    '0x10',
    '١٢٣',
    '９',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '$where',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'Müller Straße',
    'ß',
    'İ',
    '\r\n',
    '\t',
    '*',
    '_',
    '2024-02-30',
    '0000-01-01',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z',
    '2024-01-01T25:00:00Z',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  // Long, but far below the body limit: size limits have their own tests, and megabyte URLs
  // would only make the run slow.
  fc.integer({ min: 1, max: 4 }).map((n) => 'ÄöÜ'.repeat(Math.ceil(10 ** n / 3))),
  fc.constantFrom('x'.repeat(201), 'y'.repeat(2001), 'z'.repeat(10_001)),
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    5e-324,
  ),
);

const idPool: string[] = [];
/** Ids of real records, so some requests hit existing rows instead of 404s. */
export function knownIds(ids: string[]) {
  idPool.push(...ids);
}

export const anyId: fc.Arbitrary<string> = fc.oneof(
  fc.uuid({ version: 7 }),
  fc.uuid(),
  fc.constant(null).chain(() => (idPool.length ? fc.constantFrom(...idPool) : fc.uuid({ version: 7 }))),
  fc.constant(null).chain(() => (idPool.length ? fc.constantFrom(...idPool).map((id) => id.toUpperCase()) : fc.uuid())),
);

const plainEmail = fc
  .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('example.de', 'müller.de', 'x.co'))
  .map(([local, domain]) => `${local}@${domain}`);

/** Strings of a schema's pattern, when fast-check understands the pattern. */
function matching(pattern: string | undefined): fc.Arbitrary<string> | null {
  if (!pattern) return null;
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return null;
  }
}

function resolve(schema: Schema | undefined, components: Record<string, Schema>): Schema {
  let current = schema ?? {};
  for (let i = 0; i < 5 && typeof current.$ref === 'string'; i += 1) {
    current = components[current.$ref.split('/').pop()!] ?? {};
  }
  return current;
}

/**
 * Text that passes "any string" validation but has broken databases before: NUL bytes
 * (PostgreSQL rejects them, in jsonb with another error than in text), lone surrogates,
 * byte-order marks, quotes, backslashes, umlauts.
 */
const validButNasty = fc.constantFrom(
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  '\ufeffBOM',
  "O'Brien'; --",
  'back\\slash',
  'Müller Straße',
  '%',
  '_',
  '\u202eRTL',
);

/**
 * A value of the schema's shape. `clean` values keep to the schema (so whole bodies pass
 * validation and reach services and the database) but use nasty text where any text is
 * allowed; otherwise some values break the schema in places.
 */
export function valueFor(
  schema: Schema | undefined,
  components: Record<string, Schema>,
  clean = false,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  const wild = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  if (depth > 4) return clean ? fc.constant(null) : wild;
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives) && alternatives.length) {
    return fc.oneof(...alternatives.map((alt: Schema) => valueFor(alt, components, clean, depth + 1)));
  }
  if (Array.isArray(s.allOf) && s.allOf.length) return valueFor(s.allOf[0], components, clean, depth + 1);
  const type = Array.isArray(s.type) ? s.type : [s.type];
  const shaped: fc.Arbitrary<unknown>[] = [];
  const sometimesNasty = (fitting: fc.Arbitrary<unknown>, nasty: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: nasty });
  if (s.enum) shaped.push(fc.constantFrom(...s.enum));
  else if (s.const !== undefined) shaped.push(fc.constant(s.const));
  else
    for (const t of type) {
      if (t === 'string') {
        if (s.format === 'uuid') shaped.push(anyId);
        else if (s.format === 'email')
          shaped.push(
            clean
              ? plainEmail
              : fc.oneof(
                  plainEmail,
                  fc.emailAddress(),
                  nastyString.map((x) => `${x}@example.com`),
                ),
          );
        else if (s.format === 'date-time') {
          const times = fc
            .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString());
          shaped.push(clean ? times : sometimesNasty(times, nastyString));
        } else if (s.pattern && /\\d\{4\}/.test(s.pattern))
          shaped.push(fc.constantFrom('2024-02-29', '2023-02-29', '1900-01-01', '9999-12-31', '0001-01-01'));
        else {
          const max = Math.min(s.maxLength ?? 12, 12);
          const fitting =
            matching(s.pattern) ??
            fc.oneof(fc.string({ minLength: Math.min(s.minLength ?? 1, max), maxLength: max }), validButNasty);
          shaped.push(clean ? fitting : sometimesNasty(fitting, nastyString));
        }
      } else if (t === 'integer' || t === 'number') {
        const min = typeof s.minimum === 'number' ? s.minimum : -1000;
        const max = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
        const fitting = fc.oneof(
          fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }),
          fc.constantFrom(min, max),
        );
        shaped.push(clean ? fitting : sometimesNasty(fitting, nastyNumber));
      } else if (t === 'boolean') shaped.push(fc.boolean());
      else if (t === 'null') shaped.push(fc.constant(null));
      else if (t === 'array') {
        shaped.push(
          fc.array(valueFor(s.items, components, clean, depth + 1), {
            minLength: Math.min(s.minItems ?? 0, 3),
            maxLength: 3,
          }),
        );
      } else if (t === 'object' || s.properties) {
        const model = Object.fromEntries(
          Object.entries<Schema>(s.properties ?? {}).map(([key, sub]) => [
            key,
            valueFor(sub, components, clean, depth + 1),
          ]),
        );
        shaped.push(fc.record(model), fc.record(model, { requiredKeys: s.required ?? [] }));
      }
    }
  if (shaped.length === 0) return clean ? fc.constant(null) : wild;
  if (clean) return fc.oneof(...shaped);
  return fc.oneof({ arbitrary: fc.oneof(...shaped), weight: 24 }, { arbitrary: wild, weight: 1 });
}

/** A key that tries to pollute prototypes or confuse parsers. */
const nastyKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    'toString',
    '',
    ' ',
    '\u0000',
    'a.b',
    '$ne',
    '0',
  ),
  fc.string({ maxLength: 12 }),
);

function deep(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** Raw JSON texts: schema-guided bodies, random JSON, pollution keys, deep nesting, broken encodings. */
export function bodyText(schema: Schema | undefined, components: Record<string, Schema>): fc.Arbitrary<string> {
  const guided = valueFor(schema, components);
  return fc.oneof(
    { weight: 8, arbitrary: valueFor(schema, components, true).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 6, arbitrary: guided.map((value) => JSON.stringify(value) ?? 'null') },
    {
      weight: 2,
      arbitrary: fc.tuple(guided, nastyKey, fc.jsonValue({ maxDepth: 2 })).map(([value, key, extra]) => {
        const text = JSON.stringify(value) ?? 'null';
        const inject = `${JSON.stringify(key)}:${JSON.stringify(extra) ?? 'null'}`;
        return text.startsWith('{') ? `{${inject}${text.length > 2 ? ',' : ''}${text.slice(1)}` : text;
      }),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"role":"admin"}}}',
        '{"name":"x","__proto__":{"role":"admin"}}',
        deep(5000, 'array'),
        deep(3000, 'object'),
        '{"name":"\\u0000"}',
        '{"name":"\\ud800"}',
        '{"name":"a\\udfffb"}',
        '{"name":1e999}',
        '{"name":-0}',
        '{"a":1,"a":2}',
        '"just a string"',
        '42',
        'null',
        'true',
        '[]',
        '{}',
        '{"name":"x"} trailing',
        '{"name":"x",}',
        "{'name':'x'}",
        '{"name":"\u0000"}',
        '\ufeff{"name":"bom"}',
      ),
    },
  );
}

/** A query string: known parameters with hostile values, unknown keys, duplicates, raw escapes. */
export function queryString(names: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: names.length ? fc.constantFrom(...names) : fc.constant('q') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'limit',
        'cursor',
        'sort',
        'q',
        'trashed',
        'name.in',
        'createdAt.gt',
        'tags.has',
        'x.empty',
        'id',
        'workspaceId',
      ),
    },
    { weight: 1, arbitrary: nastyKey },
  );
  const value = fc.oneof(
    nastyString,
    nastyNumber.map(String),
    fc.constantFrom(
      '',
      'true',
      'false',
      '0',
      '501',
      '-1',
      '1.5',
      '9'.repeat(40),
      '-name',
      'name,-name,name,name,name',
      '-',
      ',',
      'eyJzIjoibmFtZSIsInYiOlsieCJdLCJpZCI6IjEifQ',
      'eyJzIjoibmFtZSIsInYiOltudWxsXSwiaWQiOiIwMDAwMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ',
      'a,b,c',
      Array.from({ length: 150 }, (_, i) => i).join(','),
    ),
    anyId,
  );
  const pair = fc.tuple(key, value, fc.boolean()).map(([k, v, raw]) =>
    // Mostly proper encoding; sometimes raw text with broken %-escapes, as a careless client sends it.
    raw
      ? `${encodeURIComponent(k)}=${v.replace(/[&#\s]/g, '').slice(0, 200)}%${'E0%A4%'.slice(0, v.length % 7)}`
      : `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`,
  );
  const plain = fc
    .array(fc.tuple(names.length ? fc.constantFrom(...names) : fc.constant('q'), value), { maxLength: 3 })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`),
    );
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constant([] as string[]) },
      { weight: 3, arbitrary: plain },
      { weight: 4, arbitrary: fc.array(pair, { maxLength: 6 }) },
    )
    .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}

/** A value for one path segment: a real-looking id most of the time, otherwise anything. */
export function pathSegment(schema: Schema | undefined, components: Record<string, Schema>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: anyId },
    {
      weight: 2,
      arbitrary: valueFor(schema, components).map((v) => encodeURIComponent(String(v).replace(/[\ud800-\udfff]/g, ''))),
    },
    {
      weight: 2,
      arbitrary: nastyString.map((v) => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '')).slice(0, 300)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '.', 'x'.repeat(201), '%2F', '%ED%A0%80'),
    },
  );
}
