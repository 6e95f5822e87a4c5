#!/usr/bin/env bash
# Step 3 of the homestudio-backup CronJob (aws-cli image): manifest.json in scripts/backup's
# format (homestudio-backup/1, so that scripts/restore reads it), then the folder to
# $BACKUP_S3_URI/<UTC timestamp>/ with server-side encryption.
set -euo pipefail
cd "$OUT"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
files="{"
sep=""
for f in *.dump rabbitmq.json; do
  [ -e "$f" ] || continue
  files="$files$sep\"$f\": {\"sha256\": \"$(sha256sum "$f" | cut -d' ' -f1)\", \"bytes\": $(stat -c %s "$f")}"
  sep=", "
done
files="$files}"
cat > manifest.json << JSON
{
  "format": "homestudio-backup/1",
  "mode": "${BACKUP_MODE:-kubernetes}",
  "database": "$PGDATABASE",
  "host": "$PGHOST",
  "startedAt": "$(cat .started)",
  "finishedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "snapshot": "$(cat .snapshot)",
  "versions": {"pgDump": "$(cat .pg_dump_version)", "postgresServer": "$(cat .server_version)",
               "rabbitmq": "", "homestudioCommit": "unknown", "homestudioDescribe": "unknown"},
  "schemas": $(cat .schemas.json),
  "files": $files,
  "secretsNotIncluded": ["AUTH_KEY_ENCRYPTION_KEY (auth.key.encryption.key)", "PAYMENTS_DATA_KEYS",
    "the services database role passwords"]
}
JSON
rm -f .started .snapshot .pg_dump_version .server_version .schemas.json
endpoint=()
[ -n "${BACKUP_S3_ENDPOINT:-}" ] && endpoint=(--endpoint-url "$BACKUP_S3_ENDPOINT")
aws "${endpoint[@]}" s3 cp --recursive --only-show-errors --sse AES256 . "$BACKUP_S3_URI/$stamp/"
echo "backup uploaded to $BACKUP_S3_URI/$stamp/ ($(ls | wc -l) files)"
