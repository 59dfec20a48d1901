#!/usr/bin/env bash
# Regenerates the committed generated code (the example API), as sample-controller's hack/update-codegen.sh does.
# Extra arguments go to `kgen update-codegen` (e.g. --verbose).
set -o errexit -o nounset -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_ROOT}"

node bin/kgen.mjs update-codegen --config fixtures/example/kgen.config.yaml "$@"
