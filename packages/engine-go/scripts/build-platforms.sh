#!/usr/bin/env bash
# Fill the bin/ of each platform package (packages/engine-<os>-<arch>) with its engine binary:
# a static cross-build (CGO_ENABLED=0, -trimpath, version ldflags) made by scripts/build.sh and
# cached outside the repository by scripts/cached-build.sh, so a second run costs seconds.
#
# Usage: bash packages/engine-go/scripts/build-platforms.sh [target...]
#   targets: linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 (default: all five)
# Prints one line per target (cache hit or build time) and a summary; exits non-zero when a
# target fails, after trying the others.
#
# The version stamped into every binary is the version of @helm-sdk/engine-go; each platform
# package must carry the same version (changesets keeps them in one fixed group), or core would
# refuse the engine it ships.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg="$(cd "$here/.." && pwd)"
packages="$(cd "$pkg/.." && pwd)"
all=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

version_of() { sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n1; }
version="$(version_of "$pkg/package.json")"
now() { date +%s.%N; }
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }

summary=()
failed=0
overall=$(now)
for target in "${targets[@]}"; do
  start=$(now)
  dest="$packages/engine-$target"
  if [[ ! -f "$dest/package.json" ]]; then
    echo "build-platforms: no platform package for '$target' ($dest/package.json)" >&2
    summary+=("$target: FAILED (no package)"); failed=1; continue
  fi
  pkg_version="$(version_of "$dest/package.json")"
  if [[ "$pkg_version" != "$version" ]]; then
    echo "build-platforms: $dest is version $pkg_version, @helm-sdk/engine-go is $version; they must match" >&2
    summary+=("$target: FAILED (version $pkg_version != $version)"); failed=1; continue
  fi
  log="$(mktemp)"
  if ! binary="$(bash "$here/cached-build.sh" "$target" "$version" 2>"$log")"; then
    cat "$log" >&2; rm -f "$log"
    summary+=("$target: FAILED (build)"); failed=1; continue
  fi
  how="$(grep -E "^$target: (cache hit|built in)" "$log" | sed "s/^$target: //; s/ (.*//" | tail -n1)"
  rm -f "$log"
  rm -rf "$dest/bin"
  mkdir -p "$dest/bin"
  cp "$binary" "$dest/bin/"
  chmod 755 "$dest/bin/$(basename "$binary")"
  line="$target: $how, $(seconds "$start" "$(now)") s in all -> ${dest#"$packages/"}/bin/$(basename "$binary")"
  echo "$line" >&2
  summary+=("$line")
done

echo "build-platforms: engine $version, ${#targets[@]} target(s) in $(seconds "$overall" "$(now)") s" >&2
for line in "${summary[@]}"; do echo "  $line" >&2; done
exit "$failed"
