// Module loader hooks of js-loaded.mjs (they run on a thread of their own): records each file module loaded.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (url.startsWith('file:')) appendFileSync(process.env.DHG_JS_FILE, `${fileURLToPath(url)}\n`);
  return result;
}
