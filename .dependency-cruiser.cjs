/**
 * The arrows between wmigen's parts, checked by `npm run lint:deps` (docs/packages.md).
 * Type-only imports count too: a part that names another's types depends on it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'runtime-not-to-generator-cli-sources',
      comment: 'The runtime is what generated code imports: it never imports the generator, the CLI or the schema sources.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^(generator|cli|sources)/' },
    },
    {
      name: 'runtime-not-to-grammar',
      comment: 'The runtime uses only the WQL grammar, the diagnostics and the Chevrotain adapter of the grammar part.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^grammar/', pathNot: '^grammar/(wql/|diagnostics\\.ts$|chevrotain\\.ts$)' },
    },
    {
      name: 'grammar-not-to-model',
      comment: 'Grammars read text into plain syntax trees; the model is built from them, never the other way round.',
      severity: 'error',
      from: { path: '^grammar/' },
      to: { path: '^model/' },
    },
    {
      name: 'model-not-to-generator',
      comment: 'The model is plain data and its builders; emitting code from it is the generator.',
      severity: 'error',
      from: { path: '^model/' },
      to: { path: '^(generator|cli|sources)/' },
    },
    {
      name: 'sources-not-to-generator-cli',
      comment: 'Schema sources give the generator and the CLI a model; they never call back into either.',
      severity: 'error',
      from: { path: '^sources/' },
      to: { path: '^(generator|cli)/' },
    },
    {
      name: 'wql-not-to-mof',
      comment: 'The WQL grammar the runtime uses must not drag the MOF grammar along.',
      severity: 'error',
      from: { path: '^grammar/wql/' },
      to: { path: '^grammar/(mof|idl|mddocs)/' },
    },
    {
      name: 'runtime-not-reaching-generator-cli-sources',
      comment: 'Not through another part either: what the runtime loads stays free of the generator, the CLI and the schema sources.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^(generator|cli|sources)/', reachable: true },
    },
  ],
  options: {
    // The parts of the product; tests, benchmarks and scripts may import anything.
    includeOnly: '^(runtime|grammar|model|generator|cli|sources|templates|common|generated)/',
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/', '^generated/cim-2\\.51/', '^test/fixtures/.*/out/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
