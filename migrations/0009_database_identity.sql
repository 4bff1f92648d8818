-- Which database this is, for state kept outside it (docs/operations.md#the-database-identity):
-- Redis stream keys, consumer groups and the projector's keyspace carry a digest of the
-- server's system identifier and this epoch. The epoch is made here, once, so a database
-- that is dropped and created again (same server, same name) gets a new identity, and state
-- a Redis still holds for the old one is never read as this one's.
CREATE TABLE IF NOT EXISTS cafe_database_identity (
  id integer PRIMARY KEY CHECK (id = 1),
  epoch uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
INSERT INTO cafe_database_identity (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
