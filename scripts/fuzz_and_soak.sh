#!/usr/bin/env bash
# Bad input and load against a served demo (docs/SECURITY.md), on SQLite and,
# when GUICHAO_TEST_POSTGRES_URL names a server, on PostgreSQL:
#
# 1. API fuzzing: schemathesis through every operation of /api/v1/openapi.json
#    against `guichao serve --demo`, signed in by token as `county` (county
#    staff) and as `xinqiang` (township staff). Fails on any 5xx, dropped
#    connection or answer its schema does not describe.
# 2. Soak, with SOAK=1: `guichao bench soak` on the same database once the
#    server is down: 50 clients mixing searches, lists, edits with optimistic
#    locking, contact records and imports. Fails on any error or lost update.
#    Not yet in CI: on SQLite about one fellow edit in 2,500 made during
#    imports answers 500 ("no such table: fellows"), under investigation.
#
#   scripts/fuzz_and_soak.sh          # uses target/debug/guichao
#   SOAK=1 FUZZ_EXAMPLES=50 SOAK_SECONDS=60 scripts/fuzz_and_soak.sh
#
# schemathesis comes from PyPI into target/fuzz-venv, installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES="${FUZZ_EXAMPLES:-8}"
SOAK_SECONDS="${SOAK_SECONDS:-30}"
VENV=target/fuzz-venv
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
# The binary `cargo test --workspace` built (same features), else built now.
cargo test -q --workspace --no-run
BIN="$PWD/target/debug/guichao"

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# One backend: a fresh demo on DATABASE_URL served on PORT, fuzzed as each
# user, then soaked.
run() {
  local url="$1" port="$2" name="$3"
  local dir="$WORK/$name"
  mkdir -p "$dir"
  export GUICHAO_DATABASE_URL="$url" GUICHAO_KEY_FILE="$dir/guichao.key" GUICHAO_DATA_DIR="$dir/files"
  export GUICHAO_DEMO_PASSWORD="fuzz-demo-password-1"
  printf 'trusted_plain_http = true\n[backup]\ndir = "%s"\ndaily = false\n' "$dir/backups" > "$dir/guichao.toml"
  export GUICHAO_CONFIG="$dir/guichao.toml"
  "$BIN" serve --demo --addr "127.0.0.1:$port" > "$dir/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$dir/openapi.json" && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
    sleep 1
  done
  for user in county xinqiang; do
    local token
    token="$("$BIN" token create --user "$user")"
    echo "== schemathesis on $name as $user ($EXAMPLES examples an operation)"
    # One worker: Python 3.11's parser is not safe across threads, and
    # schemathesis parses while it generates.
    "$VENV/bin/st" run "$dir/openapi.json" --url "http://127.0.0.1:$port" \
      -H "Authorization: Bearer $token" \
      --checks not_a_server_error,response_schema_conformance \
      --max-examples "$EXAMPLES" --seed 15 --workers 1 --no-shrink \
      --request-timeout 30 --suppress-health-check all --warnings off \
      --report junit --report-junit-path "$PWD/target/fuzz-$name-$user.xml" \
      || { tail -50 "$dir/serve.log"; exit 1; }
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  if [ "${SOAK:-0}" = 1 ]; then
    echo "== soak on $name: 50 clients, $SOAK_SECONDS s"
    "$BIN" bench soak --clients 50 --seconds "$SOAK_SECONDS" --json
  fi
}

run "sqlite://$WORK/demo.db?mode=rwc" 18461 sqlite
if [ -n "${GUICHAO_TEST_POSTGRES_URL:-}" ]; then
  base="${GUICHAO_TEST_POSTGRES_URL%/*}"
  psql "$base/postgres" -q -c "DROP DATABASE IF EXISTS guichao_fuzz" -c "CREATE DATABASE guichao_fuzz"
  run "$base/guichao_fuzz" 18462 postgres
fi
