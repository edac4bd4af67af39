CREATE TABLE "agent_availability" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_availability_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "macros" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"body_html" text NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"status_after" text,
	"add_tags" text[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "macros_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"tenant_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_tenant_id_team_id_user_id_pk" PRIMARY KEY("tenant_id","team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"assignment_mode" text DEFAULT 'manual' NOT NULL,
	"manager_id" uuid,
	"last_assigned_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "teams_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid,
	"message_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_attachments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "ticket_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "ticket_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_html" text NOT NULL,
	"body_text" text NOT NULL,
	"visibility" text NOT NULL,
	"author_kind" text NOT NULL,
	"author_user_id" uuid,
	"author_contact_id" uuid,
	"channel" text NOT NULL,
	"mentions" uuid[] DEFAULT '{}' NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}' NOT NULL,
	"ticket_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"status_labels" jsonb,
	"reopen_within_days" integer DEFAULT 7 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_view_counts" (
	"tenant_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"key" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_view_counts_tenant_id_scope_scope_id_key_pk" PRIMARY KEY("tenant_id","scope","scope_id","key")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" integer NOT NULL,
	"subject" text NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"description_text" text DEFAULT '' NOT NULL,
	"requester_contact_id" uuid NOT NULL,
	"account_id" uuid,
	"channel" text DEFAULT 'web' NOT NULL,
	"category" text,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"assignee_id" uuid,
	"team_id" uuid,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"followers" uuid[] DEFAULT '{}' NOT NULL,
	"cc" text[] DEFAULT '{}' NOT NULL,
	"parent_id" uuid,
	"merged_into_id" uuid,
	"sla" jsonb,
	"due_at" timestamp with time zone DEFAULT '9999-12-31T00:00:00Z' NOT NULL,
	"warn_at" timestamp with time zone DEFAULT '9999-12-31T00:00:00Z' NOT NULL,
	"sla_next_check_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"solved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_customer_message_at" timestamp with time zone,
	"last_agent_message_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "tickets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_tenant_id_team_id_teams_tenant_id_id_fk" FOREIGN KEY ("tenant_id","team_id") REFERENCES "public"."teams"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_tenant_id_ticket_id_tickets_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_tenant_id_ticket_id_tickets_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "macros_tenant_name_idx" ON "macros" USING btree ("tenant_id","name") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_tenant_name_key" ON "teams" USING btree ("tenant_id","name") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket_idx" ON "ticket_attachments" USING btree ("tenant_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("tenant_id","ticket_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_idx" ON "ticket_messages" USING btree ("tenant_id","ticket_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_tenant_number_key" ON "tickets" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "tickets_inbox_assignee_idx" ON "tickets" USING btree ("tenant_id","assignee_id","due_at","id") WHERE status in ('new','open','pending_customer','on_hold') and deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_unassigned_idx" ON "tickets" USING btree ("tenant_id","due_at","id") WHERE status in ('new','open','pending_customer','on_hold') and deleted_at is null and assignee_id is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_team_idx" ON "tickets" USING btree ("tenant_id","team_id","due_at","id") WHERE status in ('new','open','pending_customer','on_hold') and deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_running_idx" ON "tickets" USING btree ("tenant_id","due_at","id") WHERE status in ('new','open') and deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_waiting_idx" ON "tickets" USING btree ("tenant_id","due_at","id") WHERE status in ('pending_customer','on_hold') and deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_solved_idx" ON "tickets" USING btree ("tenant_id","solved_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status = 'solved' and deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_inbox_all_idx" ON "tickets" USING btree ("tenant_id","due_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "tickets_tenant_requester_idx" ON "tickets" USING btree ("tenant_id","requester_contact_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_tenant_account_idx" ON "tickets" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_tenant_parent_idx" ON "tickets" USING btree ("tenant_id","parent_id") WHERE parent_id is not null;--> statement-breakpoint
CREATE INDEX "tickets_sla_check_idx" ON "tickets" USING btree ("sla_next_check_at") WHERE sla_next_check_at is not null;