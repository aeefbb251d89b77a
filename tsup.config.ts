import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: true,
    target: 'node18',
    // Shared chunks: answer-eval/testing uses the same classes as answer-eval (instanceof works
    // across the two entries), and the library is not bundled twice.
    splitting: true,
    treeshake: true,
    shims: true,
  },
  {
    entry: { cli: 'src/cli/main.ts', worker: 'src/batch/worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node18',
    // Chunks, so that the CLI loads a command's dependencies (zod, scorers...) only when it runs
    // them: a pooled `score` keeps its main thread small while the workers score.
    splitting: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
