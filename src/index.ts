import { mapStackTraces } from './util/stack-traces.js';

// dist/ is minified: stack traces name src/ files and lines (see util/stack-traces.ts), from the start; then
// the action's code is loaded.
mapStackTraces(import.meta.url);
const { run } = await import('./action/main.js');
await run();
