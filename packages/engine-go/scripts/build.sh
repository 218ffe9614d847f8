#!/usr/bin/env bash
# Build the engine binary: packages/engine-go/bin/helm-sdk-engine (static, CGO off, trimmed).
#
# Version stamps (ldflags -X):
#   - internal/buildinfo.EngineVersion: $HELM_SDK_ENGINE_VERSION when set, else the "version" of
#     packages/engine-go/package.json (0.1.0 when the file or field is missing). engine.info and
#     the hello report it, and @helm-sdk/core refuses an engine whose version differs from the
#     @helm-sdk/engine-go package it loaded (tests stamp other versions to prove that).
#   - helm.sh/helm/v4/internal/version.version: the helm.sh/helm/v4 version from go.mod. Only
#     this one Helm var is set, exactly as tools/helm-cli/build.sh sets it for the reference CLI,
#     so .Capabilities.HelmVersion renders identically in both (metadata, gitCommit and
#     gitTreeState stay empty on both sides).
#
# Usage: scripts/build.sh [-o OUTPUT]   (env GOOS/GOARCH cross-compile as usual; for every
#        platform package with a cache, use scripts/build-platforms.sh)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg="$(cd "$here/.." && pwd)"
out="$pkg/bin/helm-sdk-engine"
if [[ "${1:-}" == "-o" && -n "${2:-}" ]]; then out="$2"; fi
if [[ "${GOOS:-$(go env GOOS)}" == "windows" && "$out" != *.exe ]]; then out="$out.exe"; fi

engine_version="0.1.0"
if [[ -f "$pkg/package.json" ]]; then
  v="$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)"
  [[ -n "$v" ]] && engine_version="$v"
fi
engine_version="${HELM_SDK_ENGINE_VERSION:-$engine_version}"
[[ "$engine_version" =~ ^[0-9A-Za-z.+-]+$ ]] || {
  echo "build.sh: engine version '$engine_version' is not a version" >&2; exit 1; }

helm_version="$(awk '$1 == "helm.sh/helm/v4" { print $2; exit }' "$pkg/go.mod")"
[[ "$helm_version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]] || {
  echo "build.sh: cannot read the helm.sh/helm/v4 version from go.mod (got '$helm_version')" >&2; exit 1; }

mod="github.com/helm-sdk/helm-sdk/packages/engine-go"
ldflags="-s -w -X $mod/internal/buildinfo.EngineVersion=$engine_version -X helm.sh/helm/v4/internal/version.version=$helm_version"

mkdir -p "$(dirname "$out")"
cd "$pkg"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out" ./cmd/helm-sdk-engine
echo "built $out (engine $engine_version, helm $helm_version)" >&2
