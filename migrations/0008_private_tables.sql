CREATE TABLE "table_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"owner_actor_id" text NOT NULL,
	"plan_id" text,
	"invited_actor_ids" jsonb NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"payment_ref" text,
	"payment_amount_usd" numeric(12, 2) NOT NULL,
	"payment_provider" text,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "table_sessions_room_idx" ON "table_sessions" USING btree ("tenant_id","room_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "table_sessions_updated_idx" ON "table_sessions" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "table_sessions_expiry_idx" ON "table_sessions" USING btree ("expires_at") WHERE status = 'active';