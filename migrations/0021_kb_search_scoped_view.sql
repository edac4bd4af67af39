-- Custom migration: KB search reads translations through a tenant-scoped view (as search_documents
-- does, 0007_search_scoped_view.sql).
--
-- Why: under RLS the planner may not use pg_trgm operators (~, <%) as index conditions, being not
-- LEAKPROOF, so every suggestion scanned and regex-matched all the tenant's translation texts.
-- The view is not a security barrier, so the conditions reach the trigram indexes. It runs with its
-- owner's rights and returns only rows of the tenant in app.tenant_id (unset: none), and for
-- kesher_portal only translations of articles the portal may read (its kb_articles policy,
-- repeated), so neither role sees more through it than through the table. Read-only.
CREATE VIEW kb_translations_scoped AS
  SELECT t.tenant_id, t.article_id, t.locale, t.norm_title, t.norm_text
  FROM kb_article_translations t
  WHERE t.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (current_user <> 'kesher_portal' OR EXISTS (
      SELECT 1 FROM kb_articles a
      WHERE a.tenant_id = t.tenant_id AND a.id = t.article_id
        AND a.visibility <> 'internal' AND a.status = 'published' AND a.deleted_at IS NULL));
--> statement-breakpoint
GRANT SELECT ON kb_translations_scoped TO kesher_staff, kesher_portal;
