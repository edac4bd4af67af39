-- Custom migration: a portal session writes its own data-view audit rows, in the same transaction
-- as the read they record.
--
-- Why: each audited view (a dataset's first page, a ticket) paid a second transaction as staff —
-- BEGIN, scope, INSERT, COMMIT — after the portal-role read; under load that doubled the database
-- round trips of the portal's most frequent page. The policy lets kesher_portal append only rows
-- of its own tenant whose actor is the session's contact; it can still read none of the log.
GRANT INSERT ON audit_log TO kesher_portal;
--> statement-breakpoint
CREATE POLICY portal_append ON audit_log FOR INSERT TO kesher_portal
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
              AND actor_kind = 'portal'
              AND actor_id = nullif(current_setting('app.contact_id', true), '')::uuid);
