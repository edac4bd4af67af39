-- Custom migration: the customer portal reads tickets as kesher_portal. Every policy adds the
-- customer: the ticket's account is the session's account, and with scope 'own' the contact is
-- the requester. Only public messages are visible (never internal notes), and attachments only
-- through a visible ticket. The portal role gets SELECT only (see ARCHITECTURE.md, tenancy).
GRANT SELECT ON tickets, ticket_messages, ticket_attachments TO kesher_portal;
--> statement-breakpoint
CREATE POLICY portal_read ON tickets FOR SELECT TO kesher_portal
  USING (
    tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND deleted_at IS NULL
    AND account_id = nullif(current_setting('app.account_id', true), '')::uuid
    AND (
      current_setting('app.portal_scope', true) = 'account'
      OR requester_contact_id = nullif(current_setting('app.contact_id', true), '')::uuid
    )
  );
--> statement-breakpoint
-- The EXISTS runs the tickets policy above as well (RLS applies inside policy subqueries).
CREATE POLICY portal_read ON ticket_messages FOR SELECT TO kesher_portal
  USING (
    tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND visibility = 'public'
    AND EXISTS (SELECT 1 FROM tickets t WHERE t.tenant_id = ticket_messages.tenant_id AND t.id = ticket_messages.ticket_id)
  );
--> statement-breakpoint
CREATE POLICY portal_read ON ticket_attachments FOR SELECT TO kesher_portal
  USING (
    tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND EXISTS (SELECT 1 FROM tickets t WHERE t.tenant_id = ticket_attachments.tenant_id AND t.id = ticket_attachments.ticket_id)
    AND (
      message_id IS NULL
      OR EXISTS (
        SELECT 1 FROM ticket_messages m
        WHERE m.tenant_id = ticket_attachments.tenant_id AND m.id = ticket_attachments.message_id
      )
    )
  );
