CREATE TABLE "consumer_checkpoints" (
	"name" text PRIMARY KEY NOT NULL,
	"position" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reaction_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text,
	"source_actor_id" text,
	"target_actor_id" text NOT NULL,
	"trigger_event_types" jsonb NOT NULL,
	"action_type" text NOT NULL,
	"action_payload" jsonb NOT NULL,
	"enabled" boolean NOT NULL,
	"cooldown_ms" double precision NOT NULL,
	"ignore_self" boolean NOT NULL,
	"ignore_reaction_events" boolean NOT NULL,
	"metadata" jsonb NOT NULL,
	"trigger_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"last_triggered_at" timestamp (3) with time zone,
	"last_source_event_id" text,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text,
	"actor_id" text,
	"success" boolean NOT NULL,
	"attempt" integer NOT NULL,
	"source" text NOT NULL,
	"dlq_id" uuid,
	"duration_ms" integer NOT NULL,
	"status_code" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_dlq" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text,
	"actor_id" text,
	"payload" jsonb NOT NULL,
	"error" text,
	"status" text NOT NULL,
	"replay_count" integer DEFAULT 0 NOT NULL,
	"replayed_at" timestamp (3) with time zone,
	"last_replay_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"event_sequence" bigint NOT NULL,
	"event" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"leased_until" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text,
	"actor_id" text,
	"event_types" jsonb NOT NULL,
	"target_url" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean NOT NULL,
	"max_retries" double precision NOT NULL,
	"backoff_ms" double precision NOT NULL,
	"timeout_ms" double precision NOT NULL,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_delivered_at" timestamp (3) with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_dlq" ADD CONSTRAINT "webhook_dlq_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_jobs" ADD CONSTRAINT "webhook_jobs_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reaction_subscriptions_tenant_idx" ON "reaction_subscriptions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries" USING btree ("subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_dlq_created_idx" ON "webhook_dlq" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_jobs_subscription_event_idx" ON "webhook_jobs" USING btree ("subscription_id","event_id");--> statement-breakpoint
CREATE INDEX "webhook_jobs_due_idx" ON "webhook_jobs" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_tenant_idx" ON "webhook_subscriptions" USING btree ("tenant_id","created_at");