#!/usr/bin/env bash
# Fails when the committed generated code is stale: regenerates in memory and diffs against the tree on disk
# (sample-controller's verify-codegen.sh copies and diffs; `kgen verify-codegen` does both without writing).
set -o errexit -o nounset -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_ROOT}"

node bin/kgen.mjs verify-codegen --config fixtures/example/kgen.config.yaml "$@"
