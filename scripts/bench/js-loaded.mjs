// Loaded with `node --import` by the bench and test/e2e/bundle.test.ts (`DHG_JS_FILE` names a file): writes
// the path of every JavaScript file the process loads into it, one a line. ES modules (a bundle's entry, the
// chunks it imports) are seen by a module loader hook; CommonJS files (a peer action's bundle, its
// `require`d chunks) are read from `require.cache` at exit. Node's own modules are built into the binary.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const list = process.env.DHG_JS_FILE;
if (list) {
  register('./js-loaded-hooks.mjs', import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache);
    if (files.length) appendFileSync(list, `${files.join('\n')}\n`);
  });
}
