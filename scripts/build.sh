#!/usr/bin/env bash
# Compile with tsc (ncc's own TypeScript loader is not used), then bundle each entry with ncc into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf lib dist
npx tsc -p tsconfig.build.json
npx ncc build lib/index.js -o dist --target es2022 --no-source-map-register --quiet
npx ncc build lib/post.js -o dist/post --target es2022 --no-source-map-register --quiet
npx ncc build lib/cli.js -o dist/cli --target es2022 --no-source-map-register --quiet
