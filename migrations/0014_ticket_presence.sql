CREATE TABLE "ticket_presence" (
	"tenant_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"state" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_presence_tenant_id_ticket_id_user_id_connection_id_pk" PRIMARY KEY("tenant_id","ticket_id","user_id","connection_id")
);
--> statement-breakpoint
CREATE INDEX "ticket_presence_connection_idx" ON "ticket_presence" USING btree ("tenant_id","connection_id");