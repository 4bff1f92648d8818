CREATE TABLE "flex_capabilities" (
	"capability_id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"display_name" text NOT NULL,
	"summary" text NOT NULL,
	"input_traits_json" jsonb,
	"default_contract_json" jsonb,
	"cost_json" jsonb,
	"preferred_models" text[] DEFAULT ARRAY[]::text[],
	"heartbeat_json" jsonb,
	"metadata_json" jsonb,
	"status" text DEFAULT 'active' NOT NULL,
	"last_seen_at" timestamp (3) with time zone,
	"registered_at" timestamp (3) with time zone DEFAULT now(),
	"created_at" timestamp (3) with time zone DEFAULT now(),
	"updated_at" timestamp (3) with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX "flex_capabilities_status_idx" ON "flex_capabilities" USING btree ("status");--> statement-breakpoint
CREATE INDEX "flex_capabilities_last_seen_idx" ON "flex_capabilities" USING btree ("last_seen_at");