#!/usr/bin/env bash
# Times the org tree page with 10,000 units against /healthz (the baseline: a
# request that only pings the database), in the same run. Prints medians in ms.
# Usage: scripts/bench_org_tree.sh [path/to/guichao]   (default: target/release/guichao)
set -euo pipefail
bin=${1:-target/release/guichao}
dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
db="sqlite://$dir/bench.db"
python3 - > "$dir/units.csv" <<'PY'
print('name,level,parent')
for t in range(100):
    print(f'镇{t:03d},township,')
    for v in range(100):
        print(f'村{t:03d}-{v:03d},village,镇{t:03d}')
PY
pw=$("$bin" --database-url "$db" init --tenant 测试县 --code 999999 --units "$dir/units.csv" | sed -n 's/.*password: //p')
"$bin" --database-url "$db" serve --addr 127.0.0.1:18088 > /dev/null 2>&1 & pid=$!
sleep 2
base=http://127.0.0.1:18088
curl -s -c "$dir/cj" -o /dev/null -H "Origin: $base" --data-urlencode "username=admin" --data-urlencode "password=$pw" $base/login
county=$(curl -s -b "$dir/cj" "$base/api/v1/org/units" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
township=$(curl -s -b "$dir/cj" "$base/api/v1/org/units?parent=$county" | python3 -c 'import json,sys; print(json.load(sys.stdin)[50]["id"])')
median() { # url -> median ms of 200 requests
  for _ in $(seq 200); do curl -s -b "$dir/cj" -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | sed -n '100p' | awk '{printf "%.2f", $1*1000}'
}
h=$(median "$base/healthz"); top=$(median "$base/org"); c=$(median "$base/org?unit=$county"); t=$(median "$base/org?unit=$township")
a=$(median "$base/api/v1/org/units?parent=$county")
echo "units=10100 healthz_ms=$h org_top_ms=$top org_county_ms=$c org_township_ms=$t api_children_ms=$a"
awk -v h="$h" -v top="$top" -v c="$c" -v t="$t" -v a="$a" 'BEGIN{printf "ratios to healthz: top %.1fx, county (100 children) %.1fx, township (100 children) %.1fx, api children %.1fx\n", top/h, c/h, t/h, a/h}'
