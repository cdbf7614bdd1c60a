import { mapStackTraces } from './util/stack-traces.js';

// The monitor's step (monitor/action.yml). dist/ is minified: stack traces name src/ files and lines (see
// util/stack-traces.ts), from the start; then the monitor's code is loaded.
mapStackTraces(import.meta.url);
const { run } = await import('./monitor/action-main.js');
await run();
