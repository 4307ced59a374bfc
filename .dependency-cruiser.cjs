// Boundaries, checked by `npm run deps` (part of `npm run check`): the layer rule (including
// dynamic imports), no Node built-ins in the pure or browser layers, no import cycles, and a use
// case never importing another use case. docs/decisions/0013 says why this is a tool, not a habit.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain is shared by server, CLI and browser: no I/O layers',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(db|services|server|cli|web)/' },
    },
    {
      name: 'db-imports-only-domain',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(services|server|cli|web)/' },
    },
    {
      name: 'services-below-edges',
      comment: 'use cases are shared by HTTP and the CLI, so they know neither',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(server|cli|web)/' },
    },
    {
      name: 'server-not-cli-or-web',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(cli|web)/' },
    },
    {
      name: 'cli-not-web',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-imports-only-domain',
      comment: 'the browser app talks to the server over its API client only',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(db|services|server|cli)/' },
    },
    {
      name: 'no-node-builtins-in-domain-or-web',
      severity: 'error',
      from: { path: '^src/(domain|web)/', pathNot: '\\.test\\.tsx?$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-driver-or-framework-in-domain',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: { path: 'node_modules/(kysely|pg|better-sqlite3|fastify|@fastify|commander|react)/' },
    },
    {
      name: 'use-case-not-use-case',
      comment:
        "A use case imports no other use case: shared pieces live in the feature's shared/ folder or in services/kernel/. " +
        'services/demo/ is exempt: it seeds the demo through the real use cases on purpose.',
      severity: 'error',
      from: { path: '^src/services/(?!kernel/|demo/)[^/]+/(?!shared/)' },
      to: { path: '^src/services/(?!kernel/)[^/]+/(?!shared/)' },
    },
    {
      name: 'shared-is-not-a-use-case-back-door',
      comment: 'feature shared modules and the kernel sit under the use cases, never above them',
      severity: 'error',
      from: { path: '^src/services/(kernel/|[^/]+/shared/)' },
      to: { path: '^src/services/(?!kernel/)[^/]+/(?!shared/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js'],
    },
    exclude: { path: '\\.test\\.tsx?$' },
  },
};
