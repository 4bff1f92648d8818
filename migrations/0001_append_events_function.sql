-- Appends a batch of events (a JSON array of envelopes without `sequence`) and returns the
-- assigned sequences in input order.
--
-- Why a function and a session lock: Postgres sequences commit out of order, so a reader that
-- trusts `sequence > cursor` would skip a transaction that commits late. Taking the xid and the
-- sequence numbers inside one short critical section makes sequence order equal xid order;
-- readers then only return rows with `tx_id < pg_snapshot_xmin(pg_current_snapshot())`, which
-- are settled, and never pass a row whose transaction may still be running (DESIGN.md
-- invariant 3). The lock is held for the INSERT only, not until commit, so writers still
-- group-commit. It must be the transaction's first write, or its xid was taken outside the
-- lock: that is checked, not assumed. A NOTIFY on channel `cafe_events` (delivered at commit,
-- one per transaction) wakes tailing readers; it carries no data, readers query the table.
CREATE OR REPLACE FUNCTION cafe_append_events(p_events jsonb)
RETURNS TABLE (out_sequence bigint, out_event_id uuid)
LANGUAGE plpgsql
AS $$
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'cafe_append_events must be the first write of its transaction';
  END IF;
  PERFORM pg_advisory_lock(942516432);
  BEGIN
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
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(942516432);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(942516432);
  PERFORM pg_notify('cafe_events', '');
END;
$$;
