CREATE TABLE "actor_positions" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"x" integer NOT NULL,
	"y" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actor_positions_tenant_id_room_id_actor_id_pk" PRIMARY KEY("tenant_id","room_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" text NOT NULL,
	"scope" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" text NOT NULL,
	"correlation_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_scope_idempotency_key_pk" PRIMARY KEY("tenant_id","scope","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "inbox_items" (
	"inbox_seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_items_inbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"inbox_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"source_event_id" uuid NOT NULL,
	"source_event_sequence" bigint NOT NULL,
	"source_event_type" text NOT NULL,
	"source_actor_id" text NOT NULL,
	"source_event_at" timestamp (3) with time zone NOT NULL,
	"thread_id" text,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"acked_at" timestamp (3) with time zone,
	"acked_by" text,
	CONSTRAINT "inbox_items_inbox_id_unique" UNIQUE("inbox_id")
);
--> statement-breakpoint
CREATE TABLE "presence_states" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"status" text NOT NULL,
	"last_heartbeat_at" timestamp (3) with time zone NOT NULL,
	"ttl_ms" integer NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"is_active" boolean NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presence_states_tenant_id_room_id_actor_id_pk" PRIMARY KEY("tenant_id","room_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"tenant_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"display_name" text NOT NULL,
	"avatar_url" text,
	"bio" text,
	"theme" jsonb,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_tenant_id_actor_id_pk" PRIMARY KEY("tenant_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"room_type" text NOT NULL,
	"display_name" text,
	"owner_actor_id" text,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_tenant_id_room_id_pk" PRIMARY KEY("tenant_id","room_id")
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"scope" text NOT NULL,
	"actor_id" text NOT NULL,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone,
	CONSTRAINT "snapshots_tenant_id_room_id_scope_actor_id_version_pk" PRIMARY KEY("tenant_id","room_id","scope","actor_id","version")
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"correlation_id" text PRIMARY KEY NOT NULL,
	"trace_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"route" text NOT NULL,
	"method" text NOT NULL,
	"actor_id" text,
	"tenant_id" text,
	"room_id" text,
	"status" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"steps" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_items_source_uidx" ON "inbox_items" USING btree ("tenant_id","room_id","actor_id","source_event_id");--> statement-breakpoint
CREATE INDEX "inbox_items_recipient_idx" ON "inbox_items" USING btree ("tenant_id","actor_id","inbox_seq");--> statement-breakpoint
CREATE INDEX "inbox_items_unread_idx" ON "inbox_items" USING btree ("tenant_id","actor_id","room_id") WHERE acked_at is null;--> statement-breakpoint
CREATE INDEX "presence_states_updated_idx" ON "presence_states" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "presence_states_expiry_idx" ON "presence_states" USING btree ("expires_at") WHERE status <> 'inactive';--> statement-breakpoint
CREATE INDEX "profiles_updated_idx" ON "profiles" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "rooms_updated_idx" ON "rooms" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "traces_started_idx" ON "traces" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "events_mentioned_actor_idx" ON "events" USING btree ((payload->>'mentionedActorId'), "sequence") WHERE type = 'mention_created';
