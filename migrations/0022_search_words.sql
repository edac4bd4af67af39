-- Custom migration: a btree word-prefix index for the search box.
--
-- Why: a 3-letter prefix ("כהנ", "mar") in a big tenant was a GIN bitmap scan of thousands of
-- trigram matches (~5 ms of ~8 ms per query on the 1M-contact bench) before LIMIT could stop it.
-- search_words holds each distinct word of a document's norm_text (already normalised: niqqud,
-- final letters, prefix-stripped variants, lower-case emails), so "starts a word" is a range scan
-- `word >= 'כהנ' AND word < 'כהס'` that stops after the rows the page needs. COLLATE "C": byte
-- order (= code point order in UTF-8) makes the upper bound exact for Hebrew and any script, and
-- text < / >= are LEAKPROOF, so under RLS they still reach the index (the policy compares
-- tenant_id to the setting; pg_trgm's operators cannot, see 0007).
--
-- Kept by triggers on search_documents (statement-level, transition tables): every writer —
-- indexSearchDocument, bulk SQL, merges — keeps the words exact in the same statement. They run
-- as the owner (SECURITY DEFINER) and write only the words of rows the statement itself wrote,
-- which already passed search_documents' grants and RLS — so any role that may index may too.
-- Trigram GIN on norm_text stays for the fuzzy (typo) tier.
CREATE TABLE search_words (
  tenant_id uuid NOT NULL,
  word text COLLATE "C" NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, entity_type, entity_id, word)
);
--> statement-breakpoint
CREATE INDEX search_words_prefix_idx ON search_words (tenant_id, word, entity_type, entity_id);
--> statement-breakpoint
-- The words of a norm_text: distinct, non-empty, bounded (a btree entry must fit in a page).
CREATE FUNCTION search_words_of(norm_text text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT DISTINCT left(w, 200) FROM unnest(string_to_array(norm_text, ' ')) AS w WHERE w <> '' $$;
--> statement-breakpoint
CREATE FUNCTION search_words_ins() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO search_words (tenant_id, word, entity_type, entity_id)
    SELECT n.tenant_id, w, n.entity_type, n.entity_id FROM new_docs n, search_words_of(n.norm_text) w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION search_words_upd() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Only documents whose text (or identity) changed: a title-only upsert rewrites nothing.
  DELETE FROM search_words s USING old_docs o
   WHERE s.tenant_id = o.tenant_id AND s.entity_type = o.entity_type AND s.entity_id = o.entity_id
     AND NOT EXISTS (SELECT 1 FROM new_docs n WHERE n.tenant_id = o.tenant_id AND n.entity_type = o.entity_type
                       AND n.entity_id = o.entity_id AND n.norm_text = o.norm_text);
  INSERT INTO search_words (tenant_id, word, entity_type, entity_id)
    SELECT n.tenant_id, w, n.entity_type, n.entity_id FROM new_docs n, search_words_of(n.norm_text) w
     WHERE NOT EXISTS (SELECT 1 FROM old_docs o WHERE o.tenant_id = n.tenant_id AND o.entity_type = n.entity_type
                         AND o.entity_id = n.entity_id AND o.norm_text = n.norm_text)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION search_words_del() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM search_words s USING old_docs o
   WHERE s.tenant_id = o.tenant_id AND s.entity_type = o.entity_type AND s.entity_id = o.entity_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER search_words_ins AFTER INSERT ON search_documents
  REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION search_words_ins();
--> statement-breakpoint
CREATE TRIGGER search_words_upd AFTER UPDATE ON search_documents
  REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION search_words_upd();
--> statement-breakpoint
CREATE TRIGGER search_words_del AFTER DELETE ON search_documents
  REFERENCING OLD TABLE AS old_docs FOR EACH STATEMENT EXECUTE FUNCTION search_words_del();
--> statement-breakpoint
-- Backfill every tenant's existing documents.
INSERT INTO search_words (tenant_id, word, entity_type, entity_id)
  SELECT d.tenant_id, w, d.entity_type, d.entity_id FROM search_documents d, search_words_of(d.norm_text) w
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
ANALYZE search_words;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON search_words TO kesher_staff;
--> statement-breakpoint
ALTER TABLE search_words ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE search_words FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON search_words TO kesher_staff
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- The connecting user's system path, as 0013 (skipped for superusers).
DO $$
BEGIN
  IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('CREATE POLICY system_path ON search_words TO %I USING (true) WITH CHECK (true)', current_user);
  END IF;
END
$$;
