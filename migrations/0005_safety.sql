CREATE TABLE "actor_permissions" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"can_move" boolean NOT NULL,
	"can_speak" boolean NOT NULL,
	"can_order" boolean NOT NULL,
	"can_enter_leave" boolean NOT NULL,
	"can_moderate" boolean NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actor_permissions_tenant_id_room_id_actor_id_pk" PRIMARY KEY("tenant_id","room_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "operator_audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"audit_seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "operator_audit_log_audit_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"operator_id" text NOT NULL,
	"action" text NOT NULL,
	"target_actor_id" text,
	"reason" text,
	"metadata" jsonb NOT NULL,
	"correlation_id" text,
	"request_id" text,
	"outcome" text NOT NULL,
	"event_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_audit_log_audit_seq_unique" UNIQUE("audit_seq")
);
--> statement-breakpoint
CREATE TABLE "operator_room_overrides" (
	"tenant_id" text NOT NULL,
	"room_id" text NOT NULL,
	"room_paused" boolean NOT NULL,
	"paused_by" text,
	"pause_reason" text,
	"paused_at" timestamp (3) with time zone,
	"resumed_at" timestamp (3) with time zone,
	"muted_actors" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_room_overrides_tenant_id_room_id_pk" PRIMARY KEY("tenant_id","room_id")
);
--> statement-breakpoint
CREATE INDEX "actor_permissions_updated_idx" ON "actor_permissions" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "operator_audit_log_room_seq_idx" ON "operator_audit_log" USING btree ("tenant_id","room_id","audit_seq");--> statement-breakpoint
CREATE INDEX "operator_audit_log_created_idx" ON "operator_audit_log" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "operator_room_overrides_updated_idx" ON "operator_room_overrides" USING btree ("tenant_id","updated_at");--> statement-breakpoint
-- The operator audit log is append-only (spec api.md §19.3): there is no update or delete
-- path in the API, and this guard makes the database itself refuse one, whoever asks.
CREATE FUNCTION cafe_operator_audit_log_immutable() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'operator_audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER operator_audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON "operator_audit_log"
  FOR EACH ROW EXECUTE FUNCTION cafe_operator_audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER operator_audit_log_no_truncate
  BEFORE TRUNCATE ON "operator_audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION cafe_operator_audit_log_immutable();
