-- Append-only enforcement and roles: what drizzle-kit cannot express (hand-written, registered in
-- meta/_journal.json by `drizzle-kit generate --custom`).
--
-- Two independent defences, so a bug or a stolen credential cannot rewrite history:
--   1. Privileges: the Worker connects as a login role that is a member of nethical_writer, which may
--      only INSERT and SELECT audit_events and tree_heads (no UPDATE, DELETE or TRUNCATE).
--   2. Triggers: UPDATE, DELETE and TRUNCATE of audit_events and tree_heads raise, for every role
--      including the table owner. (The owner could still ALTER TABLE … DISABLE TRIGGER; that is a DDL
--      act that leaves a trace in the server log, and the owner credential is used for migrations only.
--      The Merkle log is the cryptographic backstop: any rewrite breaks the signed tree heads.)
--
-- Roles are cluster-wide and created NOLOGIN; deployments create login roles IN ROLE these groups
-- (scripts/dev/postgres.ts does so locally). The migration owner needs CREATEROLE, as Neon's owner has.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nethical_writer') THEN
    CREATE ROLE nethical_writer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nethical_reader') THEN
    CREATE ROLE nethical_reader NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint

REVOKE ALL ON TABLE audit_events, tree_heads, policy_versions FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON TABLE audit_events, tree_heads, policy_versions FROM nethical_writer, nethical_reader;
--> statement-breakpoint

-- The writer appends audit rows and tree heads; `ON CONFLICT DO NOTHING` needs only INSERT.
GRANT SELECT, INSERT ON TABLE audit_events, tree_heads TO nethical_writer;
--> statement-breakpoint
-- Policy versions move through their lifecycle: the status column (and only it) may change.
GRANT SELECT, INSERT ON TABLE policy_versions TO nethical_writer;
--> statement-breakpoint
GRANT UPDATE (status) ON TABLE policy_versions TO nethical_writer;
--> statement-breakpoint

-- Auditors and the read API.
GRANT SELECT ON TABLE audit_events, tree_heads, policy_versions TO nethical_reader;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION nethical_forbid_mutation() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING HINT = 'Audit rows and tree heads are written once and never changed or removed.';
END
$$;
--> statement-breakpoint

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION nethical_forbid_mutation();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION nethical_forbid_mutation();
--> statement-breakpoint
CREATE TRIGGER tree_heads_append_only
  BEFORE UPDATE OR DELETE ON tree_heads
  FOR EACH ROW EXECUTE FUNCTION nethical_forbid_mutation();
--> statement-breakpoint
CREATE TRIGGER tree_heads_no_truncate
  BEFORE TRUNCATE ON tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION nethical_forbid_mutation();
--> statement-breakpoint

-- A log that shows two different roots for the same size to different readers is forked (a split
-- view). Refuse to store such a head. The advisory lock serialises concurrent inserts per tenant.
CREATE OR REPLACE FUNCTION nethical_refuse_split_view() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('nethical.tree_heads:' || NEW.tenant, 0));
  IF EXISTS (
    SELECT 1 FROM tree_heads
    WHERE tenant = NEW.tenant AND tree_size = NEW.tree_size AND root_hash <> NEW.root_hash
  ) THEN
    RAISE EXCEPTION 'tree_heads: a different root is already recorded for tenant % at tree size %',
      NEW.tenant, NEW.tree_size
      USING HINT = 'Two roots for one size means the log forked (split view).';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tree_heads_refuse_split_view
  BEFORE INSERT ON tree_heads
  FOR EACH ROW EXECUTE FUNCTION nethical_refuse_split_view();
