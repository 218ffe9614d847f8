#!/usr/bin/env bash
# Measures the test environment: build time (cold or warm, whatever the cache holds), start-to-ready
# time, and the peak summed RSS of the launcher and its children while the proof tests run.
#   bash tools/testenv/scripts/measure.sh [--no-tests]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
tsx="$root/node_modules/.bin/tsx"
vitest="$root/node_modules/.bin/vitest"
work="$(mktemp -d)"
out="$work/endpoints.json"

s=$(date +%s.%N)
bash "$here/build.sh" >/dev/null
echo "build (cache state as found): $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"

s=$(date +%s.%N)
"$tsx" "$here/src/up.ts" --out "$out" > "$work/up.log" 2>&1 &
up=$!
until [ -s "$out" ]; do
  kill -0 "$up" 2>/dev/null || { cat "$work/up.log"; exit 1; }
  sleep 0.1
done
echo "start-to-ready (tsx up.ts, warm binaries): $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
grep -o '"readySeconds": [0-9.]*' "$out"

pids="$(node -e 'const e=require(process.argv[1]);console.log(Object.values(e.pids).join(","))' "$out")"
peak=0
sample() { ps -o rss= -p "$pids" 2>/dev/null | awk '{s+=$1} END{print s+0}'; }
(
  while kill -0 "$up" 2>/dev/null; do
    r=$(sample); [ "$r" -gt "$(cat "$work/peak" 2>/dev/null || echo 0)" ] && echo "$r" > "$work/peak"
    sleep 0.5
  done
) &
sampler=$!
echo "RSS right after ready: $(( $(sample) / 1024 )) MiB (launcher with etcd + registries, kube-apiserver, controller-manager, scheduler, kwok)"
if [ "${1:-}" != "--no-tests" ]; then
  s=$(date +%s.%N)
  (cd "$here" && HELM_SDK_TESTENV="$out" "$vitest" run) || true
  echo "proof tests: $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
fi
sleep 1
echo "peak summed RSS: $(( $(cat "$work/peak") / 1024 )) MiB"
s=$(date +%s.%N)
kill -TERM "$up"; wait "$up" || true
echo "stop: $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
kill "$sampler" 2>/dev/null || true
for p in ${pids//,/ }; do kill -0 "$p" 2>/dev/null && echo "LEFTOVER pid $p"; done
rm -rf "$work"
