-- Custom migration: extensions, database roles, grants and row-level security.
-- drizzle-kit does not emit these. Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Lets GIN indexes lead with tenant_id (uuid) before a trigram or array column.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- Roles are cluster-wide: create them only once per server.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kesher_staff') THEN
    CREATE ROLE kesher_staff NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kesher_portal') THEN
    CREATE ROLE kesher_portal NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
-- The login user must be able to SET ROLE to both (a superuser can already).
DO $$
BEGIN
  -- Skip when already a member: re-granting would need ADMIN OPTION on the role.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF NOT pg_has_role(current_user, 'kesher_staff', 'MEMBER') THEN
      EXECUTE format('GRANT kesher_staff TO %I', current_user);
    END IF;
    IF NOT pg_has_role(current_user, 'kesher_portal', 'MEMBER') THEN
      EXECUTE format('GRANT kesher_portal TO %I', current_user);
    END IF;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO kesher_staff, kesher_portal;
--> statement-breakpoint
GRANT SELECT, UPDATE ON tenants TO kesher_staff;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, auth_tokens, recovery_codes, api_keys, mail_outbox TO kesher_staff;
--> statement-breakpoint
-- The audit log is append-only for the application.
GRANT SELECT, INSERT ON audit_log TO kesher_staff;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'sessions', 'auth_tokens', 'recovery_codes', 'api_keys', 'audit_log', 'mail_outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    -- nullif: once set in a session, an unset setting reads back as '' and a bare cast fails.
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO kesher_staff
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t);
  END LOOP;
END
$$;
