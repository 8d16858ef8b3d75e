#!/usr/bin/env bash
# The import benchmark: N children (100,000 by default) and their parents, generated as CSV,
# imported through `tempatro-admin` into a fresh `tempatro-server` on SQLite. Prints the rows per
# second, the ratio to `sqlite3 .import` of the same children file into a bare table (same
# machine, same run), the server's peak memory, and the time of a second, unchanged import.
#
#   bench/import.sh [N]
#
# Needs the `sqlite3` command line shell. A benchmark, not a test: it fails only if something
# breaks, never on timing.
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
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
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

database="sqlite://$work/tempatro.db"
password="mot de passe du banc d'essai"
echo "$password" | "$server_bin" staff create --email banc@patro.be --first-name Banc \
    --last-name Essai --role responsable --database "$database" >/dev/null
"$server_bin" serve --listen 127.0.0.1:0 --database "$database" --outbox "$work/outbox" \
    2>"$work/server.log" &
server_pid=$!
until grep -q "listening" "$work/server.log"; do
    kill -0 "$server_pid" || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
addr=$(sed 's/\x1b\[[0-9;]*m//g' "$work/server.log" | grep -o 'addr=[0-9.:]*' | head -1 | cut -d= -f2)
admin() { "$admin_bin" --server "http://$addr" --config-dir "$work/cli" "$@"; }
echo "$password" | admin login --email banc@patro.be --password-stdin >/dev/null

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

awk -v n="$count" -v c="$children_seconds" -v p="$parents_seconds" -v a="$again_seconds" \
    -v s="$sqlite_seconds" -v peak="$peak" 'BEGIN {
    printf "sqlite3 .import (table nue)      : %6.2f s\n", s
    printf "import children                  : %6.2f s  %8.0f lignes/s  %.1f × sqlite3\n", c, n / c, c / s
    printf "import parents                   : %6.2f s  %8.0f lignes/s\n", p, n / p
    printf "import children, 2e fois (inchangé) : %6.2f s  %8.0f lignes/s\n", a, n / a
    printf "mémoire maximale du serveur      : %s\n", peak
}'
