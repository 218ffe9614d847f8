#!/usr/bin/env bash
# `pnpm check:packages`: build every publishable package, cross-build the five platform engines
# (cached by scripts/cached-build.sh: seconds when nothing changed), then run each package's
# `check:package` (scripts/check-package.ts: publint, attw, and the tarball rules) on its packed
# tarball. Prints the time of each step; exits non-zero when any package fails.
#
# Usage: pnpm check:packages [target...]   targets as in build-platforms.sh (default: all five);
# the platform packages of other targets are not built and not checked (a cold cross-build costs
# minutes per target, so CI may check the host's only).
set -euo pipefail
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
now() { date +%s.%N; }
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
start=$(now)

t=$(now)
pnpm exec nx run-many -t build --projects='@helm-sdk/engine-go,@helm-sdk/core,@helm-sdk/actions,@helm-sdk/chart,@helm-sdk/repo' \
  --output-style=static >/dev/null
echo "check:packages: build $(seconds "$t" "$(now)") s" >&2

t=$(now)
bash packages/engine-go/scripts/build-platforms.sh "${targets[@]}"
echo "check:packages: platform engines $(seconds "$t" "$(now)") s" >&2

t=$(now)
failed=0
for dir in packages/*/; do
  manifest="$dir/package.json"
  [[ -f "$manifest" ]] || continue
  grep -q '"check:package"' "$manifest" || continue
  name="$(basename "$dir")"
  if [[ "$name" == engine-*-* && " ${targets[*]} " != *" ${name#engine-} "* ]]; then
    echo "@helm-sdk/$name: not checked (target not built in this run)" >&2
    continue
  fi
  if ! (cd "$dir" && pnpm run --silent check:package); then failed=1; fi
done
echo "check:packages: tarball checks $(seconds "$t" "$(now)") s; total $(seconds "$start" "$(now)") s" >&2
exit "$failed"
