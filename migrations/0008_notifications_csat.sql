CREATE TABLE "csat_responses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_number" integer NOT NULL,
	"contact_id" uuid,
	"locale" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rating" smallint,
	"comment" text,
	"responded_at" timestamp with time zone,
	CONSTRAINT "csat_responses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"action_label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_templates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"recipient_user_id" uuid,
	"locale" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"mail_outbox_id" uuid,
	"dedupe_key" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "sla_escalation_rules" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"escalation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_escalation_rules_tenant_id_policy_id_pk" PRIMARY KEY("tenant_id","policy_id")
);
--> statement-breakpoint
CREATE TABLE "sla_escalations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_number" integer NOT NULL,
	"target" text NOT NULL,
	"cycle" integer DEFAULT 0 NOT NULL,
	"threshold" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"assignee_id" uuid,
	"actions" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "sla_escalations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "csat_responses_ticket_key" ON "csat_responses" USING btree ("tenant_id","ticket_id");--> statement-breakpoint
CREATE INDEX "csat_responses_responded_idx" ON "csat_responses" USING btree ("tenant_id","responded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_templates_key" ON "notification_templates" USING btree ("tenant_id","event","locale");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_ticket_idx" ON "notifications" USING btree ("tenant_id","ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_inbox_idx" ON "notifications" USING btree ("tenant_id","recipient_user_id","id" DESC NULLS LAST) WHERE channel = 'in_app';--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("tenant_id","recipient","event","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_escalations_once_key" ON "sla_escalations" USING btree ("tenant_id","ticket_id","target","cycle","threshold");--> statement-breakpoint
CREATE INDEX "sla_escalations_fired_idx" ON "sla_escalations" USING btree ("tenant_id","threshold","fired_at");