-- Custom migration: grants and row-level security for the service-desk tables (tickets, their
-- messages, events, attachments and badge counters, teams, availability, macros, settings), as in
-- 0003_crm_rls.sql.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  tickets, ticket_messages, ticket_events, ticket_attachments, ticket_view_counts, ticket_settings,
  teams, team_members, agent_availability, macros
TO kesher_staff;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tickets', 'ticket_messages', 'ticket_events', 'ticket_attachments',
    'ticket_view_counts', 'ticket_settings', 'teams', 'team_members', 'agent_availability', 'macros']
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
