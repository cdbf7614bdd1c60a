// The config file parsed with `yaml` (JSON is YAML too), keeping where every node is written so each
// problem can point at its line and column.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { SourcePosition } from './types.js';

export type PathSegment = string | number;

export interface YamlSource {
  /** The document as plain data (undefined for an empty file). */
  data: unknown;
  /** YAML syntax errors; when there are any, `data` is not to be trusted. */
  syntaxErrors: Array<SourcePosition & { message: string }>;
  /**
   * Where the node at `path` is written: its key (`key`) or its value (`value`). A path that does not exist
   * (a missing key) points at the nearest enclosing node that does.
   */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): SourcePosition;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const position = (offset: number | undefined): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  const syntaxErrors = doc.errors.map((error) => {
    const at = error.linePos?.[0];
    return {
      line: at?.line ?? 1,
      column: at?.col ?? 1,
      // `yaml` appends "at line L, column C:" and a source excerpt; the position is reported separately.
      message: (error.message.split(/ at line \d+, column \d+/)[0] ?? error.message).trim(),
    };
  });

  const locate = (path: readonly PathSegment[], part: 'key' | 'value' = 'value'): SourcePosition => {
    let node: unknown = doc.contents;
    let found: { range?: [number, number, number] | null } | undefined = doc.contents ?? undefined;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      const last = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) break;
        const target = last && part === 'key' ? pair.key : (pair.value ?? pair.key);
        if (target && typeof target === 'object' && 'range' in target) found = target as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item || typeof item !== 'object' || !('range' in item)) break;
        found = item as Node;
        node = item;
      } else {
        break;
      }
    }
    return position(found?.range?.[0]);
  };

  let data: unknown;
  if (!syntaxErrors.length) {
    try {
      data = doc.toJS({ maxAliasCount: 100 }) ?? undefined;
    } catch (error) {
      // Alias bombs and the like: `yaml` refuses to expand them, which is what we want.
      syntaxErrors.push({
        line: 1,
        column: 1,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { data, syntaxErrors, locate };
}
