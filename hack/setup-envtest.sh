#!/usr/bin/env bash
# Provisions kube-apiserver and etcd for envtest into a cache outside the repository, idempotently.
#
# kube-apiserver is built with Go from the Go module proxy (k8s.io/kubernetes plus its staging modules);
# etcd is built the same way from go.etcd.io/etcd/server/v3. Debian's etcd-server is 3.4.x, older than
# the 3.6 line Kubernetes 1.35 is released and tested with, so we build the matching etcd instead.
# Prints the paths it provisioned, one per line, as KEY=VALUE (eval-able).
set -euo pipefail

# The Kubernetes version is pinned in one place, runtime/testing/envtest-binaries.ts, which also finds the binaries.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pinned=$(sed -n "s/^export const ENVTEST_KUBE_VERSION = '\(.*\)';/\1/p" "$repo_root/runtime/testing/envtest-binaries.ts")
KUBE_VERSION="${KGEN_KUBE_VERSION:-$pinned}"
ETCD_VERSION="${KGEN_ETCD_VERSION:-3.6.6}"

cache_root="${KGEN_ENVTEST_DIR:-$HOME/.cache/kgen/envtest}"
dir="$cache_root/$KUBE_VERSION"
bin="$dir/bin"
mkdir -p "$bin"
log() { echo "setup-envtest: $*" >&2; }

started=$(date +%s)
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local

build_kube_apiserver() {
  local mod="$dir/build-kube-apiserver"
  rm -rf "$mod" && mkdir -p "$mod"
  log "building kube-apiserver v$KUBE_VERSION from the Go module proxy (cold: several minutes)"
  # k8s.io/kubernetes maps each staging repo to ./staging/...; a consumer must map them to v0.Y.Z releases.
  local kmod
  kmod=$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  local staging_version="v0.${KUBE_VERSION#1.}"
  {
    echo "module kgen.local/envtest-kube-apiserver"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    echo
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$kmod" |
      awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } >"$mod/go.mod"
  cat >"$mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  (cd "$mod" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$mod" && go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${KUBE_VERSION#1.}" -o "$bin/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$bin/kube-apiserver.tmp" "$bin/kube-apiserver"
}

build_etcd() {
  local mod="$dir/build-etcd"
  rm -rf "$mod" && mkdir -p "$mod"
  log "building etcd v$ETCD_VERSION from the Go module proxy"
  cat >"$mod/go.mod" <<GOMOD
module kgen.local/envtest-etcd

go 1.24

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
GOMOD
  cat >"$mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
  (cd "$mod" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$bin/etcd.tmp" "$bin/etcd"
}

if [ ! -x "$bin/etcd" ]; then build_etcd; fi
if [ ! -x "$bin/kube-apiserver" ]; then build_kube_apiserver; fi

# Certificates are generated in Node (runtime/testing/envtest-certificates.ts): these two binaries are all envtest needs.
log "kube-apiserver: $("$bin/kube-apiserver" --version 2>&1 | head -1)"
log "etcd: $("$bin/etcd" --version 2>&1 | head -1)"
log "done in $(( $(date +%s) - started ))s"
echo "KGEN_KUBE_APISERVER=$bin/kube-apiserver"
echo "KGEN_ETCD=$bin/etcd"
