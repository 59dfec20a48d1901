#!/usr/bin/env bash
# Fails when the committed generated code is stale: regenerates in memory and diffs against the tree on disk
# (sample-controller's verify-codegen.sh copies and diffs; `kgen verify-codegen` does both without writing).
set -o errexit -o nounset -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_ROOT}"

# Every committed generated tree: the bundled example API, the built-in clientset (kgen/kubernetes, from the
# Kubernetes OpenAPI v3 documents in ../shared/corpus) and the two example controllers.
configs=(
  fixtures/example/kgen.config.yaml
  kubernetes/kgen.config.yaml
  examples/sample-controller/kgen.config.yaml
  examples/cnat/kgen.config.yaml
)
for config in "${configs[@]}"; do
  node bin/kgen.mjs verify-codegen --config "${config}" "$@"
done
