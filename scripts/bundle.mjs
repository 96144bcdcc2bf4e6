// `npm run build`, second step: the CLI and the analysis worker bundled by esbuild into dist/bundle, one file per
// command (loaded when that command runs) and shared chunks. Node then opens a few files instead of ~170 of our
// modules and ~150 of the small packages': about 130 ms less before any work on a 10,000-Service bundle (measured
// with `npm run bench`). The terminal UI's and the Kubernetes client's packages load from node_modules as usual:
// blessed requires its widgets and terminfo files by computed names, and the client is large and loaded only live.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts', 'src/analysis-worker.ts'],
  outbase: 'src',
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['blessed', 'blessed-contrib', '@kubernetes/client-node', 'execa', 'nock'],
  // the bundled CommonJS packages require Node's own modules: each output file gets a real require
  banner: {
    js: "import { createRequire as __kndRequire } from 'node:module'; const require = __kndRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
