#!/usr/bin/env bash
# Build the reference `helm` CLI from exactly the helm.sh/helm/v4 version that the engine links
# (read from packages/engine-go/go.mod, so the two cannot drift).
#
# Output: ~/.cache/helm-sdk/helm/<version>/helm (or $HELM_SDK_CACHE_DIR/helm/<version>/helm).
# The build is skipped when that file already exists. Safe to run concurrently: a flock on
# the version dir serialises builders, and the binary is written to a temp file then mv'd.
# Timing and progress go to stderr; the last stdout line is the binary path.
set -euo pipefail

start=$(date +%s.%N)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
gomod="$repo_root/packages/engine-go/go.mod"

[[ -f "$gomod" ]] || { echo "build.sh: $gomod not found" >&2; exit 1; }

# Match the `helm.sh/helm/v4 vX.Y.Z` require line (block or single-line form), ignoring replace lines.
version="$(awk '
  /^replace/ { next }
  /^require[ \t]*\(/ { inreq=1; next }
  inreq && /^\)/ { inreq=0; next }
  inreq && $1 == "helm.sh/helm/v4" { print $2; exit }
  /^require[ \t]/ && $2 == "helm.sh/helm/v4" { print $3; exit }
' "$gomod")"
[[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]] || {
  echo "build.sh: could not read helm.sh/helm/v4 version from $gomod (got '${version}')" >&2; exit 1; }
# The engine's client-go version decides the default .Capabilities.KubeVersion; warn if the CLI
# build would resolve a different one.
engine_clientgo="$(awk '$1 == "k8s.io/client-go" { print $2; exit }' "$gomod")"

cache_root="${HELM_SDK_CACHE_DIR:-$HOME/.cache/helm-sdk}"
out_dir="$cache_root/helm/$version"
out="$out_dir/helm"

elapsed() { awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }'; }

if [[ -x "$out" ]]; then
  echo "helm $version: cached at $out ($(elapsed))" >&2
  echo "$out"
  exit 0
fi

mkdir -p "$out_dir"
exec 9>"$out_dir/.lock"
if ! flock -n 9; then
  echo "helm $version: another build holds $out_dir/.lock, waiting..." >&2
  flock 9
fi

# Re-check under the lock: a concurrent builder may have finished while we waited.
if [[ -x "$out" ]]; then
  echo "helm $version: built concurrently, at $out ($(elapsed))" >&2
  echo "$out"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/helm-cli-build.XXXXXX")"
tmp_bin="$out_dir/.helm.tmp.$$"
cleanup() { rm -rf "$work"; rm -f "$tmp_bin"; }
trap cleanup EXIT

echo "helm $version: building in $work" >&2
(
  cd "$work"
  export GOFLAGS="${GOFLAGS:-} -mod=mod"
  go mod init helm-sdk.local/helm-cli >&2
  go get "helm.sh/helm/v4@$version" >&2
  if [[ -n "$engine_clientgo" ]]; then
    cli_clientgo="$(go list -m -f '{{.Version}}' k8s.io/client-go)"
    if [[ "$cli_clientgo" != "$engine_clientgo" ]]; then
      echo "build.sh: WARNING: engine uses k8s.io/client-go $engine_clientgo but helm $version" \
           "resolves $cli_clientgo; default .Capabilities.KubeVersion will differ" >&2
    fi
  fi
  CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$version" \
    -o "$tmp_bin" helm.sh/helm/v4/cmd/helm
)
chmod 0755 "$tmp_bin"
mv -f "$tmp_bin" "$out"

echo "helm $version: built $out in $(elapsed)" >&2
echo "$out"
