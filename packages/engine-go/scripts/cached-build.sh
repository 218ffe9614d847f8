#!/usr/bin/env bash
# Build the engine for one target through a cache outside the repository, and print the path of
# the cached binary on stdout (progress goes to stderr).
#
# The cache key is (target, engine version, Go version, hash of every non-test .go file, go.mod,
# go.sum and the build scripts), so a binary is rebuilt exactly when something that goes into it
# changed. Entries live in ~/.cache/helm-sdk/engines/<engine version>/<target>-<key>/ (override
# the root with HELM_SDK_ENGINE_CACHE); a fresh build removes the older entries of the same target
# and version, so the cache holds one binary per target and version.
#
# Usage: scripts/cached-build.sh TARGET [ENGINE_VERSION]
#   TARGET: linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64 (Node's names)
#   ENGINE_VERSION: defaults to the version of packages/engine-go/package.json; tests stamp
#                   others (0.0.0-dev is what a plain `go build` reports).
# Prints "cache hit" or "built in N s" on stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg="$(cd "$here/.." && pwd)"
target="${1:?usage: cached-build.sh TARGET [ENGINE_VERSION]}"

case "$target" in
  linux-x64) goos=linux goarch=amd64 ;;
  linux-arm64) goos=linux goarch=arm64 ;;
  darwin-x64) goos=darwin goarch=amd64 ;;
  darwin-arm64) goos=darwin goarch=arm64 ;;
  win32-x64) goos=windows goarch=amd64 ;;
  *) echo "cached-build.sh: unknown target '$target' (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64)" >&2; exit 2 ;;
esac
exe=helm-sdk-engine
[[ "$goos" == windows ]] && exe=helm-sdk-engine.exe

version="${2:-$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)}"
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || { echo "cached-build.sh: bad engine version '$version'" >&2; exit 2; }

# Everything that goes into the binary. Test files and testdata do not; the build scripts do.
sources_hash() {
  cd "$pkg"
  {
    go env GOVERSION
    find . -name '*.go' ! -name '*_test.go' ! -path './node_modules/*' ! -path '*/testdata/*' -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum go.mod go.sum scripts/build.sh scripts/cached-build.sh
  } | sha256sum | cut -c1-16
}

root="${HELM_SDK_ENGINE_CACHE:-$HOME/.cache/helm-sdk/engines}"
key="$(sources_hash)"
dir="$root/$version/$target-$key"
if [[ -x "$dir/$exe" ]]; then
  echo "$target: cache hit ($dir)" >&2
  echo "$dir/$exe"
  exit 0
fi

start=$(date +%s.%N)
mkdir -p "$root/$version"
tmp="$(mktemp -d "$root/$version/.building-$target-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOOS=$goos GOARCH=$goarch HELM_SDK_ENGINE_VERSION="$version" bash "$here/build.sh" -o "$tmp/$exe" >&2
# Drop the older builds of this target and version, then publish the new one atomically: a
# concurrent run sees either no entry or a complete one.
find "$root/$version" -maxdepth 1 -type d -name "$target-*" ! -name "$target-$key" -exec rm -rf {} +
if ! mv -T "$tmp" "$dir" 2>/dev/null; then
  [[ -x "$dir/$exe" ]] || { echo "cached-build.sh: cannot store $dir" >&2; exit 1; }
fi
trap - EXIT
end=$(date +%s.%N)
awk -v t="$target" -v s="$start" -v e="$end" -v d="$dir" 'BEGIN { printf "%s: built in %.1f s (%s)\n", t, e - s, d }' >&2
echo "$dir/$exe"
