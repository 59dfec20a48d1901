#!/usr/bin/env bash
# Regenerates the committed generated code, as sample-controller's hack/update-codegen.sh does.
# Extra arguments go to `kgen update-codegen` (e.g. --verbose).
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
  node bin/kgen.mjs update-codegen --config "${config}" "$@"
done
