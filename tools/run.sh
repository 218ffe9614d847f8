#!/usr/bin/env bash
# The two commands of the README, runnable on a fresh machine that has only Go, Node and npm:
#   bash tools/run.sh demo   - set up, then run the demo lifecycle (tools/demo)
#   bash tools/run.sh test   - set up, then run every test (Go, TypeScript, interop, lint, types)
# Slow things (pnpm, the reference helm CLI, test-cluster binaries) are cached by version under
# ~/.cache/helm-sdk, so fresh clones on the same machine reuse them. Every step prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
CACHE="${HELM_SDK_CACHE:-$HOME/.cache/helm-sdk}"
t0=$(date +%s)

step() {
  local name=$1
  shift
  local s
  s=$(date +%s)
  echo "==> $name"
  "$@"
  echo "<== $name: $(($(date +%s) - s)) s (total $(($(date +%s) - t0)) s)"
}

ensure_pnpm() {
  local prefix="$CACHE/tools/pnpm-$PNPM_VERSION"
  if [ ! -x "$prefix/bin/pnpm" ]; then
    npm install --silent --no-audit --no-fund --prefix "$prefix" -g "pnpm@$PNPM_VERSION"
  fi
  export PATH="$prefix/bin:$PATH"
  pnpm --version
}

install_deps() {
  pnpm install --frozen-lockfile --reporter=append-only
}

build_all() {
  bash tools/helm-cli/build.sh >/dev/null
  pnpm build
}

# kube-apiserver, controller-manager, scheduler, kwok and the launcher (tools/testenv): ~18 min
# cold on 2 cores, 0 s warm (cached by version in ~/.cache/helm-sdk/testenv).
build_testenv() {
  bash tools/testenv/build.sh >/dev/null
}

mode=${1:-}
case "$mode" in
  demo)
    step "pnpm" ensure_pnpm
    step "install" install_deps
    step "build" build_all
    step "testenv binaries" build_testenv
    step "demo" pnpm demo "${@:2}"
    ;;
  test)
    step "pnpm" ensure_pnpm
    step "install" install_deps
    step "build" build_all
    step "testenv binaries" build_testenv
    step "lint" pnpm lint
    step "typecheck" pnpm typecheck
    step "test" pnpm test
    step "dist" pnpm test:dist
    ;;
  *)
    echo "usage: bash tools/run.sh demo|test" >&2
    exit 2
    ;;
esac
echo "done in $(($(date +%s) - t0)) s"
