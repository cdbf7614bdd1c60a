import { mapStackTraces } from './util/stack-traces.js';

// Stack traces name src/ files and lines (see index.ts); then the post step's code is loaded.
mapStackTraces(import.meta.url);
const { runPost } = await import('./action/post-main.js');
await runPost();
