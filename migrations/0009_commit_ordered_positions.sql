ALTER TABLE "operator_audit_log" ALTER COLUMN "audit_seq" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "operator_audit_log" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
-- Every cursor a client can hold is commit-ordered (docs/cursors.md#inbox-and-audit-cursors),
-- not only the event sequence: inbox items and audit entries get positions whose order is their
-- transactions' id order, and readers stay below `pg_snapshot_xmin` on their own `tx_id`.
--
-- Audit entries: `audit_seq` is now the sequence of the entry's own `operator_override_applied`
-- event (the insert looks it up), which already has that property. Entries written before keep
-- their identity values; the event sequence is above all of them (every audit entry was written
-- after an append in its own transaction), and the setval below only makes sure of it.
SELECT setval('events_sequence_seq', GREATEST((SELECT last_value FROM events_sequence_seq), max(audit_seq)))
  FROM operator_audit_log
HAVING count(*) > 0;
--> statement-breakpoint
-- Inserts inbox items (a JSON array, docs/events.md#inbox-items) and returns them. Each item's
-- `source_event_sequence` is read from its source event, which the same transaction has just
-- appended, so callers can send the items together with the events. A duplicate (same
-- recipient and source event) is ignored, so replays are safe. Called inside the append's
-- critical section: by `cafe_append_events`, and by a commit group that holds the append lock
-- until commit. That is what makes `inbox_seq` order equal transaction-id order.
CREATE FUNCTION cafe_insert_inbox_items(p_items jsonb)
RETURNS SETOF inbox_items
LANGUAGE sql
AS $$
  INSERT INTO inbox_items (inbox_id, tenant_id, room_id, actor_id, source_event_id, source_event_sequence, source_event_type,
                           source_actor_id, source_event_at, thread_id, topic, payload)
  SELECT (i.doc->>'inboxId')::uuid, i.doc->>'tenantId', i.doc->>'roomId', i.doc->>'actorId', source.event_id, source.sequence,
         i.doc->>'sourceEventType', i.doc->>'sourceActorId', (i.doc->>'sourceEventAt')::timestamptz, i.doc->>'threadId',
         i.doc->>'topic', i.doc->'payload'
    FROM jsonb_array_elements(p_items) WITH ORDINALITY AS i(doc, ord)
    JOIN events AS source ON source.event_id = (i.doc->>'sourceEventId')::uuid
   ORDER BY i.ord
  ON CONFLICT (tenant_id, room_id, actor_id, source_event_id) DO NOTHING
  RETURNING *;
$$;
--> statement-breakpoint
-- Replaces the append function of 0001. Same contract (first write of its transaction, events
-- inserted inside a short critical section under session advisory lock 942516432 and released
-- right after, so sequence order equals transaction-id order and writers still commit in
-- parallel), with two changes:
--
-- * The inbox items the events create are inserted in the same critical section, so their
--   `inbox_seq` is commit-ordered too, at no extra round trip.
-- * The lock can no longer leak. `WHEN OTHERS` does not catch `query_canceled` (a statement
--   timeout, pg_cancel_backend), and a session lock survives the transaction's rollback: the
--   pooled connection kept it and every later append blocked. The lock is now taken and
--   released inside the guarded block, and the handler catches cancels too. It releases the
--   lock only if this session holds it (a cancel can land while still waiting for it).
DROP FUNCTION cafe_append_events(jsonb);
--> statement-breakpoint
CREATE FUNCTION cafe_append_events(p_events jsonb, p_inbox_items jsonb DEFAULT '[]'::jsonb)
RETURNS TABLE (out_sequence bigint, out_event_id uuid)
LANGUAGE plpgsql
AS $$
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'cafe_append_events must be the first write of its transaction';
  END IF;
  BEGIN
    PERFORM pg_advisory_lock(942516432);
    RETURN QUERY
    INSERT INTO events (event_id, tenant_id, room_id, actor_id, type, ts, payload, correlation_id, causation_id)
    SELECT (e.doc->>'eventId')::uuid,
           e.doc->>'tenantId',
           e.doc->>'roomId',
           e.doc->>'actorId',
           e.doc->>'type',
           (e.doc->>'timestamp')::timestamptz,
           COALESCE(e.doc->'payload', '{}'::jsonb),
           e.doc->>'correlationId',
           e.doc->>'causationId'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord)
     ORDER BY e.ord
    RETURNING events.sequence, events.event_id;
    IF jsonb_array_length(p_inbox_items) > 0 THEN
      PERFORM FROM cafe_insert_inbox_items(p_inbox_items);
    END IF;
    PERFORM pg_advisory_unlock(942516432);
  EXCEPTION WHEN query_canceled OR others THEN
    PERFORM pg_advisory_unlock(942516432)
       FROM pg_locks
      WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
        AND classid = 0 AND objid = 942516432 AND objsubid = 1;
    RAISE;
  END;
  PERFORM pg_notify('cafe_events', '');
END;
$$;
