#!/usr/bin/env bash
# Step 1 of the homestudio-backup CronJob (postgres:15 image): the same dumps as scripts/backup.
# Every service schema in custom format from ONE exported snapshot, and schemas.json (owner,
# extensions, last migration, exact row count of each table, in that same snapshot).
# Environment: PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (libpq), SERVICES, OUT.
set -euo pipefail
mkdir -p "$OUT"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/.started"

coproc SNAP { psql -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }
ask() {
  printf '%s\n' "$1" >&"${SNAP[1]}"
  local line
  IFS= read -r -t 60 line <&"${SNAP[0]}" || { echo "no answer from psql to: $1" >&2; exit 1; }
  printf '%s\n' "$line"
}
ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 'begun';" > /dev/null
snapshot=$(ask "SELECT pg_export_snapshot();")
[[ $snapshot =~ ^[0-9A-F-]+$ ]] || { echo "could not export a snapshot: $snapshot" >&2; exit 1; }
echo "$snapshot" > "$OUT/.snapshot"

schemas="{"
sep=""
for svc in $SERVICES; do
  if [ "$(ask "SELECT count(*) FROM pg_namespace WHERE nspname = '$svc';")" != 1 ]; then
    echo "no schema $svc: skipped"; continue
  fi
  pg_dump --snapshot="$snapshot" -Fc -Z 6 -n "$svc" -f "$OUT/$svc.dump"
  info=$(ask "SELECT json_build_object(
      'owner', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '$svc'),
      'extensions', (SELECT coalesce(json_agg(extname ORDER BY extname), '[]') FROM pg_extension e
                      JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = '$svc'),
      'tables', (SELECT coalesce(json_object_agg(c.relname,
                   (xpath('//n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', '$svc', c.relname),
                     false, false, '')))[1]::text::bigint ORDER BY c.relname), '{}')
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = '$svc' AND c.relkind IN ('r', 'p')
                   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')),
      'lastMigration', (SELECT CASE WHEN to_regclass('$svc.schema_migrations') IS NULL THEN NULL ELSE
                   (xpath('//v/text()', query_to_xml('SELECT max(version) AS v FROM $svc.schema_migrations',
                     false, false, '')))[1]::text::bigint END)
    )::text;")
  schemas="$schemas$sep\"$svc\": $info"
  sep=", "
  echo "schema $svc: $(stat -c %s "$OUT/$svc.dump") bytes"
done
echo "$schemas}" > "$OUT/.schemas.json"
ask "SHOW server_version;" > "$OUT/.server_version"
ask "COMMIT; SELECT 'done';" > /dev/null
pg_dump --version > "$OUT/.pg_dump_version"
