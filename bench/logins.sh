#!/usr/bin/env bash
# The login benchmark: N logins at once (100 by default), each with an address nobody has and from
# its own client address, against a fresh `tempatro-server` on SQLite. Each login costs one
# argon2id verification (19 MiB, tens of milliseconds): the server runs one per core and queues
# the others. Prints the server's memory at rest and at its peak (VmRSS, VmHWM), how long the
# whole burst took, and how the logins were answered.
#
#   bench/logins.sh [N]
#
# The server trusts 127.0.0.1 as its proxy, so that each login's X-Forwarded-For counts as its own
# source: otherwise the limit on wrong passwords from one source (50 a quarter of an hour) would
# answer most of them 429 before any hashing. Needs `curl`. A benchmark, not a test: it fails only
# if something breaks, never on timing.
set -euo pipefail

count=${1:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p tempatro-server
server_bin=$target/release/tempatro-server
command -v curl >/dev/null || { echo "curl est nécessaire" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mebibytes() { awk -v field="$1:" '$1 == field { printf "%.0f Mio", $2 / 1024 }' "/proc/$server_pid/status"; }

echo "Machine : $(nproc) cœurs, $(awk '/MemTotal/ { printf "%.0f Gio", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"

"$server_bin" serve --listen 127.0.0.1:0 --database "sqlite://$work/tempatro.db" \
    --outbox "$work/outbox" --trusted-proxy 127.0.0.1 2>"$work/server.log" &
server_pid=$!
until grep -qs "listening" "$work/server.log"; do
    kill -0 "$server_pid" || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
addr=$(sed 's/\x1b\[[0-9;]*m//g' "$work/server.log" | grep -o 'addr=[0-9.:]*' | head -1 | cut -d= -f2)

log_in() {
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://$addr/api/v1/sessions" \
        -H 'Content-Type: application/json' -H "X-Forwarded-For: 10.0.$(($1 / 250)).$(($1 % 250 + 1))" \
        -d "{\"email\": \"inconnu-$1@exemple.be\", \"password\": \"un mot de passe au hasard\", \"portal\": \"parents\"}"
}

# At rest: started, migrated, one login answered.
log_in 0 >/dev/null
idle=$(mebibytes VmRSS)

start=$(now)
logins=()
for n in $(seq 1 "$count"); do
    log_in "$n" >"$work/answer-$n" &
    logins+=($!)
done
wait "${logins[@]}"
burst=$(seconds "$start" "$(now)")
cat "$work"/answer-* >"$work/answers"
peak=$(mebibytes VmHWM)
answers=$(sort "$work/answers" | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')

echo "$count connexions simultanées : $burst s en tout ; réponses : $answers"
echo "Mémoire du serveur : $idle au repos, $peak au plus haut"
