#!/usr/bin/env bash
# Packs the library as npm would publish it and lints the tarball with publint and attw.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
tarball="$(npm pack --silent --pack-destination "$out" | tail -n 1)"
npx publint run "$out/$tarball" --strict
npx attw "$out/$tarball" --profile esm-only
