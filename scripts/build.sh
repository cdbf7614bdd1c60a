#!/usr/bin/env bash
# Compile with tsc (ncc's own TypeScript loader is not used; tsc writes source maps into lib/), bundle each
# entry with ncc (ESM; each dynamic import() becomes a chunk file beside its entry), then minify every file and
# point its source map at src/ (scripts/minify.mjs). The bundles are built in a folder of their own under
# .tmp/ and replace dist/ at the end, so dist/ is never missing for long.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
work=$(mktemp -d .tmp/build-XXXXXX)
trap 'rm -rf "$work"' EXIT
rm -rf lib
npx tsc -p tsconfig.build.json
options=(--target es2022 --source-map --no-source-map-register --quiet)
npx ncc build lib/index.js -o "$work/dist" "${options[@]}"
npx ncc build lib/post.js -o "$work/dist/post" "${options[@]}"
npx ncc build lib/cli.js -o "$work/dist/cli" "${options[@]}"
npx ncc build lib/monitor.js -o "$work/dist/monitor" "${options[@]}"
node scripts/minify.mjs "$work/dist" dist
rm -rf dist
mv "$work/dist" dist
