CREATE TABLE "audit_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"agent_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"request_hash" text NOT NULL,
	"decision" text NOT NULL,
	"risk_score" double precision NOT NULL,
	"violations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"obligations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"policy_version" text NOT NULL,
	"policy_hash" text NOT NULL,
	"latency_ms" double precision NOT NULL,
	"leaf_index" bigint NOT NULL,
	"source" text NOT NULL,
	"device_id" text,
	"inserted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_events_event_id_length" CHECK (length("audit_events"."event_id") BETWEEN 1 AND 128),
	CONSTRAINT "audit_events_decision_word" CHECK ("audit_events"."decision" IN ('ALLOW', 'RESTRICT', 'BLOCK', 'TERMINATE')),
	CONSTRAINT "audit_events_risk_score_range" CHECK ("audit_events"."risk_score" >= 0 AND "audit_events"."risk_score" <= 1),
	CONSTRAINT "audit_events_latency_ms_nonnegative" CHECK ("audit_events"."latency_ms" >= 0),
	CONSTRAINT "audit_events_leaf_index_nonnegative" CHECK ("audit_events"."leaf_index" >= 0),
	CONSTRAINT "audit_events_source_word" CHECK ("audit_events"."source" IN ('edge-worker', 'device')),
	CONSTRAINT "audit_events_device_id_iff_device" CHECK (("audit_events"."source" = 'device') = ("audit_events"."device_id" IS NOT NULL)),
	CONSTRAINT "audit_events_violations_array" CHECK (jsonb_typeof("audit_events"."violations") = 'array'),
	CONSTRAINT "audit_events_obligations_array" CHECK (jsonb_typeof("audit_events"."obligations") = 'array')
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"tenant" text NOT NULL,
	"policy_id" text NOT NULL,
	"version" text NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"document" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_versions_pkey" PRIMARY KEY("tenant","policy_id","version"),
	CONSTRAINT "policy_versions_seq_nonnegative" CHECK ("policy_versions"."seq" >= 0),
	CONSTRAINT "policy_versions_status_word" CHECK ("policy_versions"."status" IN ('quarantine', 'canary', 'active', 'deprecated'))
);
--> statement-breakpoint
CREATE TABLE "tree_heads" (
	"tenant" text NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	CONSTRAINT "tree_heads_pkey" PRIMARY KEY("tenant","tree_size","timestamp"),
	CONSTRAINT "tree_heads_tree_size_nonnegative" CHECK ("tree_heads"."tree_size" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_tenant_leaf_index_key" ON "audit_events" USING btree ("tenant","leaf_index");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_occurred_at_idx" ON "audit_events" USING btree ("tenant","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_agent_occurred_at_idx" ON "audit_events" USING btree ("tenant","agent_id","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_decision_occurred_at_idx" ON "audit_events" USING btree ("tenant","decision","occurred_at","event_id");--> statement-breakpoint
CREATE INDEX "policy_versions_tenant_seq_idx" ON "policy_versions" USING btree ("tenant","seq");--> statement-breakpoint
CREATE INDEX "tree_heads_tenant_timestamp_idx" ON "tree_heads" USING btree ("tenant","timestamp");