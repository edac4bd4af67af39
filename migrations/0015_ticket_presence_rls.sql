-- Custom migration: grants and row-level security for ticket_presence (who has a ticket open), as
-- in 0003_crm_rls.sql.
GRANT SELECT, INSERT, UPDATE, DELETE ON ticket_presence TO kesher_staff;
--> statement-breakpoint
ALTER TABLE ticket_presence ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_presence FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ticket_presence TO kesher_staff
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
