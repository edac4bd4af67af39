-- Custom migration: grants and row-level security for the CRM tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  tenant_counters, accounts, contacts, account_contacts, leads, pipelines, pipeline_stages, deals,
  tasks, activities, timeline_entries, custom_field_defs, search_documents, crm_settings, saved_views, imports
TO kesher_staff;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenant_counters', 'accounts', 'contacts', 'account_contacts', 'leads', 'pipelines',
    'pipeline_stages', 'deals', 'tasks', 'activities', 'timeline_entries', 'custom_field_defs', 'search_documents',
    'crm_settings', 'saved_views', 'imports']
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
