ALTER TABLE "audit_events" ADD COLUMN "cohort_field" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "cohort_id" text;--> statement-breakpoint
CREATE INDEX "audit_events_tenant_cohort_occurred_at_idx" ON "audit_events" USING btree ("tenant","cohort_field","occurred_at") WHERE "audit_events"."cohort_field" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_cohort_pair" CHECK (("audit_events"."cohort_field" IS NULL) = ("audit_events"."cohort_id" IS NULL));