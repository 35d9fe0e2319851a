CREATE TABLE "admin_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_key_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"leaf_index" bigint NOT NULL,
	"inserted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_events_event_id_length" CHECK (length("admin_events"."event_id") BETWEEN 1 AND 128),
	CONSTRAINT "admin_events_action_shape" CHECK ("admin_events"."action" ~ '^[a-z][a-z_]{0,31}\.[a-z][a-z_]{0,31}$'),
	CONSTRAINT "admin_events_leaf_index_nonnegative" CHECK ("admin_events"."leaf_index" >= 0),
	CONSTRAINT "admin_events_before_object" CHECK ("admin_events"."before" IS NULL OR jsonb_typeof("admin_events"."before") = 'object'),
	CONSTRAINT "admin_events_after_object" CHECK ("admin_events"."after" IS NULL OR jsonb_typeof("admin_events"."after") = 'object')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "admin_events_tenant_leaf_index_key" ON "admin_events" USING btree ("tenant","leaf_index");--> statement-breakpoint
CREATE INDEX "admin_events_tenant_occurred_at_idx" ON "admin_events" USING btree ("tenant","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "admin_events_tenant_action_occurred_at_idx" ON "admin_events" USING btree ("tenant","action","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "admin_events_tenant_target_idx" ON "admin_events" USING btree ("tenant","target_type","target_id","occurred_at");