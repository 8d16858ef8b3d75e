#!/usr/bin/env bash
# The import benchmark: N children (100,000 by default) and their parents, generated as CSV,
# imported through `tempatro-admin` into a fresh `tempatro-server` on SQLite — and on PostgreSQL
# too when TEMPATRO_BENCH_POSTGRES_URL names a server (a database is created for the run and
# dropped after). Prints the rows per second, the ratio to `sqlite3 .import` (and `psql \copy`)
# of the same children file into a bare table (same machine, same run), the server's memory at
# rest and at its peak, and the time of a second, unchanged import.
#
#   bench/import.sh [N]
#   TEMPATRO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bench/import.sh
#
# Needs the `sqlite3` command line shell (and `psql` for PostgreSQL). A benchmark, not a test: it
# fails only if something breaks, never on timing.
set -euo pipefail

count=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p tempatro-server -p tempatro-cli
server_bin=$target/release/tempatro-server
admin_bin=$target/release/tempatro-admin
command -v sqlite3 >/dev/null || { echo "sqlite3 est nécessaire (paquet sqlite3)" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
pg_database=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
    if [ -n "$pg_database" ]; then
        psql -q "$TEMPATRO_BENCH_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Families of two children on average: one parent row per child, a parent per family.
awk -v n="$count" -v children="$work/enfants.csv" -v parents="$work/parents.csv" 'BEGIN {
    split("Emma Louis Olivia Arthur Louise Jules Alice Gabriel Mila Adam Lina Victor Zoé Léon Nora Noah", first, " ")
    split("Dubois Lambert Martin Dupont Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters Lejeune Renard Leclercq", last, " ")
    split("Mons Charleroi Namur Liège Tournai Maurage Binche Wavre", town, " ")
    print "external_id;nom;prenom;date_naissance;sexe;rue;code_postal;localite;nom_parent1;email_parent1;tel_parent1;droit_image" > children
    print "email;nom;prenom;telephone;enfant_external_id" > parents
    for (i = 1; i <= n; i++) {
        family = int((i + 1) / 2)
        name = last[family % 16 + 1] "-" family
        printf "E%07d;%s;%s;%02d/%02d/%d;%s;Rue du Patro %d;%d;%s;Parent %s;parent%d@exemple.be;0470/%02d.%02d.%02d;%s\n",
            i, name, first[i % 16 + 1], i % 28 + 1, i % 12 + 1, 2008 + i % 14, (i % 2 ? "garçon" : "fille"),
            family % 200 + 1, 1000 + family % 9000, town[family % 8 + 1], name, family,
            int(family / 10000) % 100, int(family / 100) % 100, family % 100, (i % 3 ? "oui" : "non") > children
        printf "parent%d@exemple.be;%s;Parent;0470/%02d.%02d.%02d;E%07d\n",
            family, name, int(family / 10000) % 100, int(family / 100) % 100, family % 100, i > parents
    }
}'

echo "Machine : $(nproc) cœurs, $(awk '/MemTotal/ { printf "%.0f Gio", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
echo "Fichiers : $count enfants ($(du -h "$work/enfants.csv" | cut -f1)), $count lignes parents ($(du -h "$work/parents.csv" | cut -f1))"

# The reference: the same file into a bare table, without any check.
start=$(now)
sqlite3 "$work/bare.db" ".mode csv" ".separator ;" ".import $work/enfants.csv children"
sqlite_seconds=$(seconds "$start" "$(now)")

# One engine: a fresh server on `database`, the three imports, the figures.
run() {
    local engine=$1 database=$2 reference=$3 reference_seconds=$4
    local password="mot de passe du banc d'essai"
    echo "$password" | "$server_bin" staff create --email banc@patro.be --first-name Banc \
        --last-name Essai --role responsable --database "$database" >/dev/null
    "$server_bin" serve --listen 127.0.0.1:0 --database "$database" --outbox "$work/outbox-$engine" \
        2>"$work/server-$engine.log" &
    server_pid=$!
    until grep -qs "listening" "$work/server-$engine.log"; do
        kill -0 "$server_pid" || { cat "$work/server-$engine.log" >&2; exit 1; }
        sleep 0.1
    done
    local addr
    addr=$(sed 's/\x1b\[[0-9;]*m//g' "$work/server-$engine.log" | grep -o 'addr=[0-9.:]*' | head -1 | cut -d= -f2)
    admin() { "$admin_bin" --server "http://$addr" --config-dir "$work/cli-$engine" "$@"; }
    echo "$password" | admin login --email banc@patro.be --password-stdin >/dev/null
    # At rest: started, migrated, one login answered.
    local idle
    idle=$(awk '/VmRSS/ { printf "%.0f Mio", $2 / 1024 }' "/proc/$server_pid/status")

    local start children_seconds parents_seconds again_seconds peak
    start=$(now)
    admin import children "$work/enfants.csv" >/dev/null
    children_seconds=$(seconds "$start" "$(now)")
    start=$(now)
    admin import parents "$work/parents.csv" >/dev/null
    parents_seconds=$(seconds "$start" "$(now)")
    start=$(now)
    admin import children "$work/enfants.csv" >/dev/null
    again_seconds=$(seconds "$start" "$(now)")
    peak=$(awk '/VmHWM/ { printf "%.0f Mio", $2 / 1024 }' "/proc/$server_pid/status")
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=

    echo
    echo "== $engine =="
    awk -v n="$count" -v c="$children_seconds" -v p="$parents_seconds" -v a="$again_seconds" \
        -v s="$reference_seconds" -v ref="$reference" -v peak="$peak" -v idle="$idle" 'BEGIN {
        printf "%-38s : %6.2f s\n", ref " (table nue)", s
        printf "%-38s : %6.2f s  %7.0f lignes/s  %.1f × %s\n", "import children", c, n / c, c / s, ref
        printf "%-38s : %6.2f s  %7.0f lignes/s\n", "import parents", p, n / p
        printf "%-38s : %6.2f s  %7.0f lignes/s\n", "import children, 2e fois (inchangé)", a, n / a
        printf "%-38s : %s\n", "mémoire du serveur au repos", idle
        printf "%-38s : %s\n", "mémoire maximale du serveur", peak
    }'
}

run SQLite "sqlite://$work/tempatro.db" "sqlite3 .import" "$sqlite_seconds"

if [ -n "${TEMPATRO_BENCH_POSTGRES_URL:-}" ]; then
    command -v psql >/dev/null || { echo "psql est nécessaire pour PostgreSQL" >&2; exit 2; }
    pg_database="tempatro_bench_$$"
    psql -q "$TEMPATRO_BENCH_POSTGRES_URL" -c "CREATE DATABASE $pg_database"
    pg_url="${TEMPATRO_BENCH_POSTGRES_URL%/*}/$pg_database"
    columns=$(head -1 "$work/enfants.csv" | sed 's/;/ TEXT, /g; s/$/ TEXT/')
    psql -q "$pg_url" -c "CREATE TABLE bare ($columns)"
    start=$(now)
    psql -q "$pg_url" -c "\\copy bare FROM '$work/enfants.csv' WITH (FORMAT csv, HEADER true, DELIMITER ';')"
    copy_seconds=$(seconds "$start" "$(now)")
    psql -q "$pg_url" -c "DROP TABLE bare"
    run PostgreSQL "$pg_url" "psql COPY" "$copy_seconds"
fi
