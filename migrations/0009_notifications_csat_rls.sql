-- Custom migration: grants and row-level security for the notification, escalation and satisfaction
-- tables, as in 0003_crm_rls.sql.
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_templates, notifications, sla_escalation_rules, sla_escalations, csat_responses TO kesher_staff;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notification_templates', 'notifications', 'sla_escalation_rules', 'sla_escalations', 'csat_responses']
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
