/**
 * The dependency direction of ../shared/STYLE.md, checked on every `npm test`:
 *   shared ← core ← editor ← client;   shared, core ← server.
 * `src/core` and `src/shared` stay pure: no UI, server or database packages.
 */
const layer = (name, allowed) => ({
  name: `${name}-imports-only-${allowed.join('-')}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    layer('shared', []),
    layer('core', ['shared']),
    layer('editor', ['core', 'shared']),
    layer('client', ['editor', 'core', 'shared']),
    layer('server', ['core', 'shared']),
    {
      name: 'pure-core-and-shared',
      comment: 'core and shared import no UI, server or database package (and shared only zod)',
      severity: 'error',
      from: { path: '^src/(core|shared|editor)/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: 'node_modules/(react|react-dom|konva|react-konva|wavesurfer\\.js|zustand|@tanstack|fastify|@fastify|kysely|pg|@electric-sql)/',
      },
    },
    {
      name: 'no-node-builtins-in-pure-code',
      severity: 'error',
      from: { path: '^src/(core|shared|editor|client)/' },
      to: { dependencyTypes: ['core'] },
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
    exclude: { path: '(^|/)(dist|dist-e2e|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
