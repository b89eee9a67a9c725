/**
 * The architecture's rules, kept by a tool (npm run lint): see docs/ARCHITECTURE.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules call each other through exported services or events, never in a cycle.',
      from: { path: '^src/' },
      // A cycle closed only by a type import is gone at run time; a runtime cycle is not.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'shared-is-isomorphic',
      severity: 'error',
      comment: 'src/shared is used by the server, the web app and the CLI: it imports none of them.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|web|cli)/' },
    },
    {
      name: 'web-reaches-server-over-http',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP only; types and schemas come from src/shared.',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-does-not-import-web-or-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'features-do-not-import-the-wiring',
      severity: 'error',
      comment: 'Only the app, the CLI and the tests assemble modules; a module never imports the composition root.',
      from: { path: '^src/server/modules/' },
      to: { path: '^src/server/(app|compose|main)\\.ts$|^src/server/modules/index\\.ts$' },
    },
    {
      name: 'core-imports-no-feature',
      severity: 'error',
      comment: 'The core (context, db, authz, audit, mail, jobs, errors, http, files) imports no feature module.',
      from: { path: '^src/server/(?!modules/|app\\.ts|compose\\.ts|main\\.ts|module\\.ts|demo/|testing/)', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/server/modules/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'modules-through-their-entry',
      severity: 'error',
      comment: 'A module reaches another only through its public entry: public.ts (the services and types it offers other modules) or index.ts (its manifest, for the registry).',
      from: { path: '^src/server/modules/([^/]+)/', pathNot: '(\\.test\\.ts|access\\.fixtures\\.ts|testing\\.ts)$' },
      to: { path: '^src/server/modules/(?!$1/)[^/]+/', pathNot: '^src/server/modules/[^/]+/(index|public)\\.ts$' },
    },
    {
      name: 'tests-stay-out-of-production',
      severity: 'error',
      comment: 'Production code never imports test code.',
      from: { path: '^src/', pathNot: '(\\.test\\.ts|access\\.fixtures\\.ts|/testing/|testing\\.ts|test-fixtures\\.ts)$' },
      to: { path: '(\\.test\\.ts|access\\.fixtures\\.ts|/testing/|test-fixtures\\.ts)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|migrations)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
    moduleSystems: ['es6'],
  },
};
