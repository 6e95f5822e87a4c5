#!/usr/bin/env bash
# Provisions the Homestudio database in the compose stack (run once by the postgres image from
# /docker-entrypoint-initdb.d, as the superuser, on an empty data folder).
#
# Mirrors docs/architecture.md ("Services and what each owns": each role can touch only its own
# schema):
#   - one database, `homestudio` (HS_DB_NAME);
#   - per service a LOGIN role `<svc>_svc` whose password comes from `<SVC>_DB_PASSWORD`,
#     a schema `<svc>` owned by it, and `search_path = <svc>` for that role in that database;
#   - nobody but the owner may use a schema: PUBLIC loses everything on `public` and on the
#     service schemas, and CONNECT on every other database;
#   - `btree_gist` (exclusion constraints on screening times) is created here, in the scheduling
#     schema, because only a superuser may create it.
# Kubernetes uses the operators' PostgreSQL cluster: its provisioning must do the same (k8s/README.md).
set -euo pipefail

db="${HS_DB_NAME:-homestudio}"
services="auth catalog scheduling payments notifications"
psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --no-password)

"${psql[@]}" --dbname postgres -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL

# Only the service roles (and the superuser) may connect to the suite's database, nobody else
# may connect to the others.
"${psql[@]}" --dbname "$db" -v db="$db" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL

for svc in $services; do
  var="$(echo "$svc" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="${!var:-}"
  if [ -z "$password" ]; then
    echo "init.sh: $var is not set" >&2
    exit 1
  fi
  "${psql[@]}" --dbname "$db" -v db="$db" -v svc="$svc" -v role="${svc}_svc" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
ALTER ROLE :"role" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT CONNECT ON DATABASE :"db" TO :"role";
CREATE SCHEMA IF NOT EXISTS :"svc" AUTHORIZATION :"role";
REVOKE ALL ON SCHEMA :"svc" FROM PUBLIC;
ALTER ROLE :"role" IN DATABASE :"db" SET search_path = :"svc";
SQL
done

"${psql[@]}" --dbname "$db" <<'SQL'
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA scheduling;
SQL

echo "init.sh: database $db provisioned for: $services"
