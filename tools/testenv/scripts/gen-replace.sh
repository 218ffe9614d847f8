#!/usr/bin/env bash
# Regenerates the staging replace block of tools/testenv/go.mod from k8s.io/kubernetes' own go.mod.
# Usage: scripts/gen-replace.sh [k8s-version]   (default: the version in versions.env)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../versions.env
. "$here/versions.env"
ver="${1:-$K8S_VERSION}"
gomod="$(cd "$here" && go mod download -json "k8s.io/kubernetes@$ver" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
[ -f "$gomod" ] || { echo "cannot find go.mod of k8s.io/kubernetes@$ver" >&2; exit 1; }
staging_ver="v0.${ver#v1.}"
block="$(grep -E '^\s*k8s.io/[^ ]+ => \./staging/src/k8s.io/' "$gomod" | awk -v v="$staging_ver" '{print "\t" $1 " => " $1 " " v}')"
n="$(printf '%s\n' "$block" | wc -l)"
tmp="$(mktemp)"
awk -v block="$block" '
  /^\/\/ BEGIN generated staging replaces/ {print; print "replace ("; print block; print ")"; skip=1; next}
  /^\/\/ END generated staging replaces/ {skip=0}
  !skip {print}
' "$here/go.mod" > "$tmp"
mv "$tmp" "$here/go.mod"
echo "wrote $n staging replaces for k8s.io/kubernetes@$ver ($staging_ver)" >&2
cd "$here" && go mod edit -fmt
