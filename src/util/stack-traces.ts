import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Stack traces from the minified bundle name src/ files and lines. Each frame in a file of the bundle's folder is
 * looked up in that file's source map (dist/…/*.js.map), read the first time a stack passes through the file.
 * `process.setSourceMapsEnabled(true)` would do the same, but it reads and parses every map as its file loads,
 * whether a stack is ever printed or not: some 15–20 ms of every start-up (Node 20 and 24 alike).
 *
 * `bundleFile` is `import.meta.url` of the entry: frames of files in its folder (and below) are mapped.
 */
export function mapStackTraces(bundleFile: string): void {
  const folder = dirname(fileURLToPath(bundleFile)) + sep;
  const maps = new Map<string, SourceMap | undefined>();

  const mapOf = (path: string): SourceMap | undefined => {
    if (!maps.has(path)) {
      let map: SourceMap | undefined;
      try {
        const payload = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
        // Sources are relative to the map; a frame shows them as absolute paths, as Node does.
        const base = pathToFileURL(path);
        payload.sources = payload.sources.map((source: string) => fileURLToPath(new URL(source, base)));
        map = new SourceMap(payload);
      } catch {
        map = undefined;
      }
      maps.set(path, map);
    }
    return maps.get(path);
  };

  const frameText = (frame: NodeJS.CallSite): string => {
    const text = frame.toString();
    const file = frame.getFileName();
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    if (!file || line === null || column === null) return text;
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    if (!path.startsWith(folder) || !path.endsWith('.js')) return text;
    const entry = mapOf(path)?.findEntry(line - 1, column - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return text;
    const original = `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return text.replace(`${file}:${line}:${column}`, original);
  };

  const mapped = (frame: NodeJS.CallSite): string => {
    try {
      return frameText(frame);
    } catch {
      return frame.toString();
    }
  };

  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) => {
    const header = errorHeader(error);
    return frames.length ? `${header}\n    at ${frames.map(mapped).join('\n    at ')}` : header;
  };
}

/** The first line of a stack, as Node writes it (`TypeError [ERR_INVALID_ARG_TYPE]: …` for Node's own errors). */
function errorHeader(error: unknown): string {
  try {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.startsWith('ERR_') && typeof name === 'string') {
      return `${name} [${code}]: ${String(message)}`;
    }
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}
