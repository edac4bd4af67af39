-- The system path (login by workspace, session lookup before a tenant is known, signup, job sweeps)
-- runs as the database user Kesher connects with. FORCE ROW LEVEL SECURITY applies the policies
-- to that user too when it owns the tables, and the tenant policies are written for kesher_staff /
-- kesher_portal only, so a non-superuser owner would see nothing. Give the connecting user an
-- explicit, unrestricted policy on every RLS table. Superusers bypass RLS and need none.
-- Later migrations that add RLS tables end with the same loop (it skips tables already covered).
DO $$
DECLARE t record;
BEGIN
  IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
    RETURN;
  END IF;
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity
      AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'system_path')
  LOOP
    EXECUTE format('CREATE POLICY system_path ON %I TO %I USING (true) WITH CHECK (true)', t.relname, current_user);
  END LOOP;
END
$$;
