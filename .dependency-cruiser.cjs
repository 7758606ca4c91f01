// Farley's dependency rules (docs/architecture.md): dependencies point one way, modules →
// platform, http → db, never back; the web app and the server meet only in src/contract.
// `npm test` runs this check (scripts/test.js); `npx depcruise src` runs it alone.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle: two files that each need the other.',
      from: {}, to: { circular: true } },
    { name: 'platform-not-modules', severity: 'error', comment: 'Cross-cutting code knows no domain.',
      from: { path: '^src/server/platform/' }, to: { path: '^src/server/modules/' } },
    { name: 'db-not-http', severity: 'error', comment: 'The database layer never imports HTTP.',
      from: { path: '^src/server/platform/db/' }, to: { path: '^src/server/platform/http/' } },
    { name: 'web-not-server', severity: 'error', comment: 'The web app talks to the server through the API and src/contract only.',
      from: { path: '^src/web/' }, to: { path: '^src/server/' } },
    { name: 'server-not-web', severity: 'error',
      from: { path: '^src/server/' }, to: { path: '^src/web/' } },
    { name: 'web-kits-generic', severity: 'error', comment: 'The web kits (lists, forms, record pages) know no domain: domains use them, never the other way.',
      from: { path: '^src/web/features/(lists|forms|record)/' }, to: { path: '^src/web/features/(contacts|companies|deals|activities|tasks)/' } },
    { name: 'web-domain-through-index', severity: 'error', comment: 'Outside its own folder a web domain is reached through its index.ts.',
      from: { path: '^src/web/', pathNot: '^src/web/features/(contacts|companies|deals|activities|tasks)/' },
      to: { path: '^src/web/features/(contacts|companies|deals|activities|tasks)/', pathNot: '/index[.]ts$' } },
    { name: 'web-domains-apart', severity: 'error', comment: 'A web domain reaches another only through its index.ts.',
      from: { path: '^src/web/features/(contacts|companies|deals|activities|tasks)/' },
      to: { path: '^src/web/features/(contacts|companies|deals|activities|tasks)/', pathNot: ['^src/web/features/$1/', '/index[.]ts$'] } },
    { name: 'contract-stands-alone', severity: 'error', comment: 'The contract is shared by server and web: it imports neither.',
      from: { path: '^src/contract/' }, to: { path: '^src/(server|web)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle of types is a cycle of meaning.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
