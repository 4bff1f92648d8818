ALTER TABLE "flex_capabilities" ADD COLUMN "expires_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "flex_capabilities_active_expiry_idx" ON "flex_capabilities" USING btree ("expires_at") WHERE "flex_capabilities"."status" = 'active';--> statement-breakpoint
-- Backfill: rows registered before this column existed get their expiry from the heartbeat settings
-- (timeoutSeconds, else 3 × intervalSeconds, from lastSeenAt else registeredAt). Absurd timeouts stay null (never).
UPDATE "flex_capabilities" AS c SET "expires_at" = COALESCE(c."last_seen_at", c."registered_at") + make_interval(secs => t.seconds)
  FROM (SELECT "capability_id", COALESCE(("heartbeat_json"->>'timeoutSeconds')::double precision, 3 * ("heartbeat_json"->>'intervalSeconds')::double precision) AS seconds
          FROM "flex_capabilities" WHERE jsonb_typeof("heartbeat_json") = 'object') AS t
 WHERE c."capability_id" = t."capability_id" AND t.seconds > 0 AND t.seconds < 1e9 AND c."expires_at" IS NULL;
