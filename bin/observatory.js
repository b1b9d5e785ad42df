#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx) and runs the CLI.
import { register } from 'tsx/esm/api';
register();
// A closed pipe (observatory … | head) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
