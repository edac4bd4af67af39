-- Custom migration: grants and row-level security for the portal, knowledge-base, dataset and
-- connector tables (as in 0003_crm_rls.sql), and the first grants of the kesher_portal role.
--
-- kesher_portal policies always add the customer: a portal transaction sets app.account_id (and
-- app.contact_id, app.portal_scope), and can read nothing but published, non-internal articles, its
-- tenant's branding and visible datasets, and its own account's records.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  portal_users, portal_sessions, portal_tokens, portal_recovery_codes, portal_settings,
  kb_categories, kb_articles, kb_article_translations, kb_article_votes,
  datasets, dataset_records, dataset_staged_records, connectors, connector_runs
TO kesher_staff;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['portal_users', 'portal_sessions', 'portal_tokens', 'portal_recovery_codes',
    'portal_settings', 'kb_categories', 'kb_articles', 'kb_article_translations', 'kb_article_votes',
    'datasets', 'dataset_records', 'dataset_staged_records', 'connectors', 'connector_runs']
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
--> statement-breakpoint
-- Portal: branding of its own tenant.
GRANT SELECT ON portal_settings TO kesher_portal;
--> statement-breakpoint
CREATE POLICY portal_read ON portal_settings FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- Portal: the knowledge base it may see (published, public or portal-only; never internal or deleted).
GRANT SELECT ON kb_categories, kb_articles, kb_article_translations TO kesher_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON kb_article_votes TO kesher_portal;
--> statement-breakpoint
-- View and helpfulness counters only: the portal role can change no other column of an article.
GRANT UPDATE (view_count, helpful_yes, helpful_no) ON kb_articles TO kesher_portal;
--> statement-breakpoint
CREATE POLICY portal_read ON kb_categories FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND visibility <> 'internal');
--> statement-breakpoint
CREATE POLICY portal_read ON kb_articles FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND visibility <> 'internal' AND status = 'published' AND deleted_at IS NULL);
--> statement-breakpoint
CREATE POLICY portal_count ON kb_articles FOR UPDATE TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND visibility <> 'internal' AND status = 'published' AND deleted_at IS NULL)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY portal_read ON kb_article_translations FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND EXISTS (SELECT 1 FROM kb_articles a
                     WHERE a.tenant_id = kb_article_translations.tenant_id
                       AND a.id = kb_article_translations.article_id));
--> statement-breakpoint
-- A portal contact votes as itself only.
CREATE POLICY portal_vote ON kb_article_votes TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND voter_key = 'contact:' || nullif(current_setting('app.contact_id', true), ''))
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND voter_key = 'contact:' || nullif(current_setting('app.contact_id', true), ''));
--> statement-breakpoint
-- Portal: datasets shown in the portal, and its own account's records, nothing else.
GRANT SELECT ON datasets, dataset_records TO kesher_portal;
--> statement-breakpoint
CREATE POLICY portal_read ON datasets FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND portal_visible = 'yes');
--> statement-breakpoint
CREATE POLICY portal_read ON dataset_records FOR SELECT TO kesher_portal
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
         AND account_id = nullif(current_setting('app.account_id', true), '')::uuid);
--> statement-breakpoint
-- The system path's policies for a non-superuser owner (see 0013), for these tables and for
-- ticket_presence (0015 did not add one).
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
