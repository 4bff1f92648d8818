CREATE TABLE "room_context_pins" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"metadata" jsonb NOT NULL,
	"pinned_by" text NOT NULL,
	"is_active" boolean NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "room_context_pins_tenant_id_room_id_version_pk" PRIMARY KEY("tenant_id","room_id","version")
);
--> statement-breakpoint
CREATE TABLE "shared_objects" (
	"object_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"object_type" text NOT NULL,
	"object_key" text,
	"title" text,
	"content" text,
	"data" jsonb NOT NULL,
	"quantity" integer,
	"metadata" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_handoffs" (
	"handoff_id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"action" text NOT NULL,
	"initiated_by" text NOT NULL,
	"event_sequence" bigint NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"state" text NOT NULL,
	"created_by" text NOT NULL,
	"assignee_actor_id" text,
	"progress" integer NOT NULL,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"completed_by" text
);
--> statement-breakpoint
CREATE INDEX "shared_objects_tenant_updated_idx" ON "shared_objects" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "shared_objects_room_updated_idx" ON "shared_objects" USING btree ("tenant_id","room_id","updated_at");--> statement-breakpoint
CREATE INDEX "task_handoffs_task_seq_idx" ON "task_handoffs" USING btree ("task_id","event_sequence");--> statement-breakpoint
CREATE INDEX "tasks_tenant_updated_idx" ON "tasks" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "tasks_room_state_updated_idx" ON "tasks" USING btree ("tenant_id","room_id","state","updated_at");--> statement-breakpoint
CREATE INDEX "tasks_assignee_updated_idx" ON "tasks" USING btree ("tenant_id","assignee_actor_id","updated_at");