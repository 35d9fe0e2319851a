-- admin_events is append-only like audit_events (see 0001_append_only_roles.sql): the writer may only
-- INSERT and SELECT, the reader SELECT, and UPDATE, DELETE and TRUNCATE raise for every role.
REVOKE ALL ON TABLE admin_events FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON TABLE admin_events FROM nethical_writer, nethical_reader;
--> statement-breakpoint
GRANT SELECT, INSERT ON TABLE admin_events TO nethical_writer;
--> statement-breakpoint
GRANT SELECT ON TABLE admin_events TO nethical_reader;
--> statement-breakpoint
CREATE TRIGGER admin_events_append_only
  BEFORE UPDATE OR DELETE ON admin_events
  FOR EACH ROW EXECUTE FUNCTION nethical_forbid_mutation();
--> statement-breakpoint
CREATE TRIGGER admin_events_no_truncate
  BEFORE TRUNCATE ON admin_events
  FOR EACH STATEMENT EXECUTE FUNCTION nethical_forbid_mutation();
