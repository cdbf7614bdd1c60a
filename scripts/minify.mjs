// Second half of `npm run build`: `node scripts/minify.mjs <staged> <final>` minifies every file ncc wrote into
// <staged> (ncc's own `-m` minifies an entry file only, not the chunks of its dynamic imports) and points each
// source map at src/ through the maps tsc wrote into lib/, with paths relative to where the file will live
// (<final>, where build.sh then moves it). A stack trace from dist/ so names src/*.ts files and lines
// (src/util/stack-traces.ts reads the maps when a stack is printed). Deterministic: the same sources give
// byte-identical files, and no absolute path gets into dist/.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import remapping from '@jridgewell/remapping';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { minify } from 'terser';

const root = resolve(import.meta.dirname, '..');
const [staged = 'dist', final = staged] = process.argv.slice(2).map((dir) => resolve(root, dir));

/** Every .js file under `dir`, relative to it, in a stable order. */
function jsFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .sort();
}

/** `to`, relative to the folder `from`, with forward slashes. */
const relativeTo = (from, to) => relative(from, to).split(sep).join('/');

/**
 * ncc's maps are per line (every position at column 0), tsc's start a line at its first token: each line of a
 * tsc map also gets a segment at column 0, so that a position at the start of an indented line finds its line.
 */
function fromLineStart(map) {
  const mappings = decode(map.mappings).map((line) =>
    line.length && line[0][0] > 0 ? [[0, ...line[0].slice(1)], ...line] : line,
  );
  return { ...map, mappings };
}

async function minifyFile(file) {
  const stagedFile = join(staged, file);
  const folder = dirname(join(final, file));
  const code = readFileSync(stagedFile, 'utf8');
  const bundleMap = JSON.parse(readFileSync(`${stagedFile}.map`, 'utf8'));
  // ncc names a source `../` and its path from the project (`../lib/main.js`, `.././lib/main.js`), wherever
  // the map is: made relative to the map's final folder, where a reader of the map looks for it.
  bundleMap.sources = bundleMap.sources.map((source) =>
    relativeTo(folder, resolve(root, source.replace(/^\.\.\//, ''))),
  );
  // As ncc minifies its entry file (names of functions and classes kept: stack traces, `error.name`), and
  // ASCII only: a file with one character beyond Latin-1 is held and parsed by V8 as two bytes a character.
  const result = await minify(code, {
    module: true,
    compress: false,
    mangle: { keep_classnames: true, keep_fnames: true },
    format: { ascii_only: true },
    sourceMap: { content: bundleMap, url: `${basename(file)}.map` },
  });
  // lib/*.js → src/*.ts, through the map tsc wrote beside each file of lib/.
  const lib = join(root, 'lib');
  const map = remapping(
    result.map,
    (source) => {
      const absolute = resolve(folder, source);
      if (relative(lib, absolute).startsWith('..') || !absolute.endsWith('.js')) return null;
      return fromLineStart(JSON.parse(readFileSync(`${absolute}.map`, 'utf8')));
    },
    { excludeContent: true },
  );
  // No names: Node's own source map support (`--enable-source-maps`) would name a frame's function from them,
  // and after minifying they are tokens like `async`; V8's name of the function, which minifying keeps, is right.
  const mappings = decode(map.mappings).map((line) => line.map((segment) => segment.slice(0, 4)));
  writeFileSync(stagedFile, result.code);
  writeFileSync(`${stagedFile}.map`, JSON.stringify({ ...map, names: [], mappings: encode(mappings) }));
}

for (const file of jsFiles(staged)) await minifyFile(file);
