-- Run once by CloudNativePG after initdb, in database homestudio, as the superuser
-- (postInitApplicationSQLRefs). The roles exist already (managed roles). Same statements as
-- deploy/postgres/init.sh: each service's role owns its schema and reaches nothing else.
REVOKE ALL ON DATABASE homestudio FROM PUBLIC;
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
DO $$
DECLARE svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['auth', 'catalog', 'scheduling', 'payments', 'notifications'] LOOP
    EXECUTE format('ALTER ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', svc || '_svc');
    EXECUTE format('GRANT CONNECT ON DATABASE homestudio TO %I', svc || '_svc');
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', svc, svc || '_svc');
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', svc);
    EXECUTE format('ALTER ROLE %I IN DATABASE homestudio SET search_path = %I', svc || '_svc', svc);
  END LOOP;
END $$;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA scheduling;
