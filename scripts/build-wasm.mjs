// Compiles the AssemblyScript sources in assembly/ to the WebAssembly binaries the code loads (committed, so that
// installing the project needs no compiler). `node scripts/build-wasm.mjs [outDir]`; test/ingest/csv-project.test.ts
// rebuilds into a temporary directory and checks the committed binary is the same.
import { main } from 'assemblyscript/asc';
import { resolve } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const outDir = resolve(process.argv[2] ?? `${root}src/ingest`);
const { error, stderr } = await main([
  `${root}assembly/csv-project.ts`,
  '--outFile', `${outDir}/csv-project.wasm`,
  '--optimizeLevel', '3', '--shrinkLevel', '0', '--converge',
  '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--use', 'abort=',
]);
if (error) {
  process.stderr.write(stderr.toString());
  process.exit(1);
}
