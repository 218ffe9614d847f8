#!/usr/bin/env bash
# Builds (or reuses) the test environment binaries, cached by version outside the repo:
#   ${HELM_SDK_CACHE:-~/.cache/helm-sdk}/testenv/<k8s-version>/bin/{kube-apiserver,kube-controller-manager,kube-scheduler}
#   ${HELM_SDK_CACHE:-~/.cache/helm-sdk}/testenv/kwok-<kwok-version>/kwok
#   ${HELM_SDK_CACHE:-~/.cache/helm-sdk}/testenv/launcher/<hash of this module's sources>/testenv   (etcd is embedded in it)
# Prints one JSON line on stdout: {"launcher":..,"bin":..,"kwok":..,"k8sVersion":..}; progress and timings go to stderr.
# Options: --print   only print that line if everything is already built (exit 1 otherwise)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/versions.env"
export GOWORK=off GOFLAGS="${GOFLAGS:--buildvcs=false}"
cache="${HELM_SDK_CACHE:-${HELM_SDK_CACHE_DIR:-$HOME/.cache/helm-sdk}}/testenv"
kdir="$cache/$K8S_VERSION/bin"
kwokdir="$cache/kwok-$KWOK_VERSION"
hash="$(cd "$here" && cat versions.env go.mod go.sum $(find cmd -type f | LC_ALL=C sort) | sha256sum | cut -c1-16)"
ldir="$cache/launcher/$hash"
log() { echo "[testenv build] $*" >&2; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

result() { printf '{"launcher":"%s","bin":"%s","kwok":"%s","k8sVersion":"%s"}\n' "$ldir/testenv" "$kdir" "$kwokdir/kwok" "$K8S_VERSION"; }
if [ "${1:-}" = "--print" ]; then
  for f in "$kdir/kube-apiserver" "$kdir/kube-controller-manager" "$kdir/kube-scheduler" "$kwokdir/kwok" "$ldir/testenv"; do
    [ -x "$f" ] || exit 1
  done
  result; exit 0
fi

t0="$(now)"
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
if ! flock -n 9; then log "another build holds $cache/.build.lock, waiting ..."; flock 9; fi
if [ -x "$kdir/kube-apiserver" ] && [ -x "$kdir/kube-controller-manager" ] && [ -x "$kdir/kube-scheduler" ]; then
  log "kube binaries $K8S_VERSION: cached in $kdir"
else
  log "building kube-apiserver, kube-controller-manager, kube-scheduler $K8S_VERSION (cold: 15-30 min on 2 cores) ..."
  t="$(now)"
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  info="$(cd "$here" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"Info": "\(.*\)".*/\1/p')"
  bdate="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null | head -1)"
  [ -n "$bdate" ] || bdate="1970-01-01T00:00:00Z"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=$bdate"
  done
  tmp="$kdir.tmp.$$"; mkdir -p "$tmp"
  (cd "$here" && go build -trimpath -ldflags "$ld" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
  mkdir -p "$kdir"; mv "$tmp"/* "$kdir/"; rmdir "$tmp"
  log "kube binaries built in $(took "$t")"
fi

if [ -x "$kwokdir/kwok" ]; then
  log "kwok $KWOK_VERSION: cached"
else
  t="$(now)"; log "building kwok $KWOK_VERSION (own module graph, go install) ..."
  tmp="$kwokdir.tmp.$$"; mkdir -p "$tmp"
  (cd "$tmp" && GOBIN="$tmp" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION")
  mkdir -p "$kwokdir"; mv "$tmp/kwok" "$kwokdir/kwok"; rm -rf "$tmp"
  log "kwok built in $(took "$t")"
fi

if [ -x "$ldir/testenv" ]; then
  log "launcher $hash: cached"
else
  t="$(now)"; log "building launcher $hash ..."
  mkdir -p "$ldir"
  (cd "$here" && go build -trimpath -ldflags "-s -w" -o "$ldir/testenv.tmp.$$" ./cmd/testenv)
  mv "$ldir/testenv.tmp.$$" "$ldir/testenv"
  log "launcher built in $(took "$t")"
  # keep the three most recent launcher builds
  (cd "$cache/launcher" && ls -1t | tail -n +4 | xargs -r rm -rf)
fi
log "all binaries ready in $(took "$t0")"
result
