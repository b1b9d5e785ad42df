// Worker thread for ./csv-project.ts: projects the byte ranges it is sent and posts back progress and results.
// Plain JavaScript that registers the TypeScript loader, because a worker does not inherit the main thread's.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { projectRange } = await import('./csv-project.ts');
parentPort.on('message', (job) => {
  const result = projectRange(job, (bytes) => parentPort.postMessage({ bytes }));
  parentPort.postMessage({ result });
});
