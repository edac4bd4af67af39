-- Custom migration: grants and row-level security for the SLA tables (business calendars, holidays,
-- SLA policies), as in 0003_crm_rls.sql.
GRANT SELECT, INSERT, UPDATE, DELETE ON business_calendars, calendar_holidays, sla_policies TO kesher_staff;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['business_calendars', 'calendar_holidays', 'sla_policies']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO kesher_staff
         USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
         WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t);
  END LOOP;
END
$$;
