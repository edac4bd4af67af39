CREATE TABLE "dataset_records" (
	"tenant_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"record_key" text NOT NULL,
	"owner_ref" text NOT NULL,
	"account_id" uuid,
	"data" jsonb NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"data_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_records_tenant_id_dataset_id_record_key_pk" PRIMARY KEY("tenant_id","dataset_id","record_key")
);
--> statement-breakpoint
CREATE TABLE "dataset_staged_records" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"record_key" text NOT NULL,
	"owner_ref" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_staged_records_tenant_id_run_id_record_key_pk" PRIMARY KEY("tenant_id","run_id","record_key")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"label_he" text NOT NULL,
	"label_en" text NOT NULL,
	"fields" jsonb NOT NULL,
	"record_key" text[] NOT NULL,
	"owner_field" text NOT NULL,
	"owner_ref_system" text DEFAULT 'priority' NOT NULL,
	"default_sort" text,
	"position" integer DEFAULT 0 NOT NULL,
	"portal_visible" text DEFAULT 'yes' NOT NULL,
	"last_good_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "connector_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"fetched" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"duration_ms" integer,
	CONSTRAINT "connector_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"dataset_id" uuid NOT NULL,
	"config" jsonb NOT NULL,
	"secret_enc" text,
	"interval_minutes" integer DEFAULT 15 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"since_watermark" timestamp with time zone,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "kb_article_translations" (
	"tenant_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"body_source" text DEFAULT '' NOT NULL,
	"body_format" text DEFAULT 'markdown' NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"norm_title" text DEFAULT '' NOT NULL,
	"norm_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_article_translations_tenant_id_article_id_locale_pk" PRIMARY KEY("tenant_id","article_id","locale")
);
--> statement-breakpoint
CREATE TABLE "kb_article_votes" (
	"tenant_id" uuid NOT NULL,
	"article_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"helpful" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_article_votes_tenant_id_article_id_voter_key_pk" PRIMARY KEY("tenant_id","article_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"category_id" uuid,
	"visibility" text DEFAULT 'public' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"related_ids" uuid[] DEFAULT '{}' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"helpful_yes" integer DEFAULT 0 NOT NULL,
	"helpful_no" integer DEFAULT 0 NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"author_id" uuid,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "kb_articles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "kb_categories" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name_he" text DEFAULT '' NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal_recovery_codes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "portal_recovery_codes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" "inet",
	"user_agent" text,
	CONSTRAINT "portal_sessions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"portal_name" text,
	"logo_data_url" text,
	"primary_color" text DEFAULT '#1c7ed6' NOT NULL,
	"default_locale" text DEFAULT 'he' NOT NULL,
	"custom_domain" text,
	"default_scope" text DEFAULT 'own' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_tokens" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"portal_user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_tokens_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal_users" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"email" text NOT NULL,
	"scope" text DEFAULT 'own' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	"locale" text,
	"totp_secret_enc" text,
	"totp_enabled_at" timestamp with time zone,
	"totp_last_step" integer,
	"invited_by" uuid,
	"last_login_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "dataset_records" ADD CONSTRAINT "dataset_records_dataset_fk" FOREIGN KEY ("tenant_id","dataset_id") REFERENCES "public"."datasets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_translations" ADD CONSTRAINT "kb_article_translations_article_fk" FOREIGN KEY ("tenant_id","article_id") REFERENCES "public"."kb_articles"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_article_votes" ADD CONSTRAINT "kb_article_votes_article_fk" FOREIGN KEY ("tenant_id","article_id") REFERENCES "public"."kb_articles"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD CONSTRAINT "kb_articles_category_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."kb_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_recovery_codes" ADD CONSTRAINT "portal_recovery_codes_tenant_id_portal_user_id_portal_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","portal_user_id") REFERENCES "public"."portal_users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_tenant_id_portal_user_id_portal_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","portal_user_id") REFERENCES "public"."portal_users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_tokens" ADD CONSTRAINT "portal_tokens_tenant_id_portal_user_id_portal_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","portal_user_id") REFERENCES "public"."portal_users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_records_account_idx" ON "dataset_records" USING btree ("tenant_id","dataset_id","account_id","record_key");--> statement-breakpoint
CREATE INDEX "dataset_records_owner_idx" ON "dataset_records" USING btree ("tenant_id","dataset_id","owner_ref");--> statement-breakpoint
CREATE INDEX "dataset_records_unowned_idx" ON "dataset_records" USING btree ("tenant_id","dataset_id","owner_ref") WHERE account_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_tenant_key_key" ON "datasets" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "connector_runs_connector_idx" ON "connector_runs" USING btree ("tenant_id","connector_id","started_at");--> statement-breakpoint
CREATE INDEX "connectors_due_idx" ON "connectors" USING btree ("next_run_at") WHERE enabled;--> statement-breakpoint
CREATE INDEX "kb_article_translations_trgm_idx" ON "kb_article_translations" USING gin ("tenant_id","norm_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "kb_articles_listing_idx" ON "kb_articles" USING btree ("tenant_id","category_id","position") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "portal_recovery_codes_user_idx" ON "portal_recovery_codes" USING btree ("tenant_id","portal_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_token_hash_key" ON "portal_sessions" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "portal_sessions_user_idx" ON "portal_sessions" USING btree ("tenant_id","portal_user_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "portal_settings_custom_domain_key" ON "portal_settings" USING btree ("custom_domain");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_tokens_token_hash_key" ON "portal_tokens" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_users_tenant_contact_key" ON "portal_users" USING btree ("tenant_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_users_tenant_email_key" ON "portal_users" USING btree ("tenant_id","email");