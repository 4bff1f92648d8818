CREATE TABLE "events" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"event_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"type" text NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"correlation_id" text NOT NULL,
	"causation_id" text,
	CONSTRAINT "events_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE INDEX "events_tenant_room_seq_idx" ON "events" USING btree ("tenant_id","room_id","sequence");--> statement-breakpoint
CREATE INDEX "events_type_seq_idx" ON "events" USING btree ("type","sequence");--> statement-breakpoint
CREATE INDEX "events_correlation_idx" ON "events" USING btree ("correlation_id");