// What a run needs once its inputs and config file are known to be good: HTTP, the GitHub client, every
// stage of the gate and its sinks. The shell (run-app.ts) loads it with `import()` (a chunk of its own in
// dist/), so a configuration error is reported without loading any of it.

export { runEngine } from './run-engine.js';
