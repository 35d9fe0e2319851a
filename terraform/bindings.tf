# The Worker's bindings: the Terraform side of wrangler.toml. terraform/validate/bindings.test.ts compares
# these with wrangler.toml (top level and every [env.*]) and workers/secrets.d.ts by name, both ways:
# change one side without the other and `npm test` fails naming the binding.

locals {
  durable_objects = [
    { binding = "AGENT_STATE", class_name = "AgentState" },
    { binding = "POLICY_STORE", class_name = "PolicyStore" },
    { binding = "AUDIT_LOG", class_name = "AuditLog" },
    { binding = "WEBHOOK_OUTBOX", class_name = "WebhookOutbox" },
    { binding = "WEBHOOK_INBOX", class_name = "WebhookInbox" },
    { binding = "STREAM_HUB", class_name = "StreamHub" },
    { binding = "METRICS", class_name = "MetricsStore" },
    { binding = "OVERSIGHT", class_name = "Oversight" },
    { binding = "WITNESS", class_name = "Witness" },
  ]

  # Append only: a migration, once applied, is never edited or removed (runbook: adding a migration).
  durable_object_migrations = [
    { tag = "v1", new_sqlite_classes = ["AgentState", "PolicyStore"] },
    { tag = "audit-v1", new_sqlite_classes = ["AuditLog"] },
    { tag = "webhooks-v1", new_sqlite_classes = ["WebhookOutbox"] },
    { tag = "webhook-inbox-v1", new_sqlite_classes = ["WebhookInbox"] },
    { tag = "stream-hub-v1", new_sqlite_classes = ["StreamHub"] },
    { tag = "metrics-v1", new_sqlite_classes = ["MetricsStore"] },
    { tag = "oversight-v1", new_sqlite_classes = ["Oversight"] },
    { tag = "witness-v1", new_sqlite_classes = ["Witness"] },
  ]

  kv_namespaces = [
    { binding = "POLICY_KV", title = "nethical-policy-kv" },
  ]

  # The audit archive (modules/r2-bucket); the bucket is named "<bucket_name>-<environment>".
  r2_buckets = [
    { binding = "AUDIT_ARCHIVE", bucket_name = "nethical-audit-archive" },
  ]

  queue_producers = [
    { binding = "AUDIT_QUEUE", queue = "nethical-audit" },
    { binding = "WEBHOOK_QUEUE", queue = "nethical-webhooks" },
  ]

  # wrangler's max_batch_timeout is in seconds, the provider's max_wait_time_ms in milliseconds.
  queue_consumers = [
    { queue = "nethical-audit", batch_size = 100, max_wait_time_ms = 1000, max_retries = 10, dead_letter_queue = "nethical-audit-dlq" },
    { queue = "nethical-audit-dlq", batch_size = 100, max_wait_time_ms = 5000, max_retries = 100, dead_letter_queue = null },
    { queue = "nethical-webhooks", batch_size = 10, max_wait_time_ms = 1000, max_retries = 8, dead_letter_queue = "nethical-webhooks-dlq" },
    { queue = "nethical-webhooks-dlq", batch_size = 100, max_wait_time_ms = 5000, max_retries = 20, dead_letter_queue = null },
  ]

  # wrangler.toml's [[ratelimits]]: provider 5.14 has no ratelimit binding type, so versions inherit them
  # from the latest version (created by the bootstrap `wrangler deploy`, terraform/README.md).
  inherited_bindings = ["KEY_LIMITER", "TENANT_LIMITER", "AUTH_FAILURE_LIMITER"]

  # Plain-text vars; REGION and PEER_REGIONS are set per region in main.tf.
  worker_vars = {
    ENVIRONMENT                = var.environment
    REGION                     = ""
    PEER_REGIONS               = ""
    USE_JURISDICTIONS          = var.use_jurisdictions ? "true" : "false"
    POLICY_SIGNING_KEY_ID      = var.policy_signing_key_id
    WEBHOOK_RETRY_BASE_SECONDS = tostring(var.webhook_retry_base_seconds)
  }

  # Secret bindings (workers/secrets.d.ts). Names listed apart so no plan has to reveal which are set.
  # Required: wrangler.toml's [env.*.secrets] required lists exactly these.
  secret_names = ["BOOTSTRAP_ADMIN_KEY", "POLICY_SIGNING_KEY", "AUDIT_SIGNING_KEY", "WITNESS_SIGNING_KEY", "DATABASE_URL", "DATABASE_URL_EU"]
  # Optional (rotated policy keys, the remote tree-head signer, earlier tree-head keys): bound only when their
  # value is not "" (modules/worker skips empty secrets); not in wrangler.toml's required lists.
  optional_secret_names = ["POLICY_SIGNING_KEYS", "AUDIT_SIGNER_URL", "AUDIT_SIGNER_KEY_ID", "AUDIT_SIGNER_PUBLIC_KEY", "AUDIT_SIGNER_TOKEN", "AUDIT_PUBLIC_KEYS"]

  secret_values = {
    BOOTSTRAP_ADMIN_KEY = var.bootstrap_admin_key
    POLICY_SIGNING_KEY  = var.policy_signing_key
    POLICY_SIGNING_KEYS     = var.policy_signing_keys
    AUDIT_SIGNING_KEY       = var.audit_signing_key
    AUDIT_SIGNER_URL        = var.audit_signer_url
    AUDIT_SIGNER_KEY_ID     = var.audit_signer_key_id
    AUDIT_SIGNER_PUBLIC_KEY = var.audit_signer_public_key
    AUDIT_SIGNER_TOKEN      = var.audit_signer_token
    AUDIT_PUBLIC_KEYS       = var.audit_public_keys
    WITNESS_SIGNING_KEY = var.witness_signing_key
    DATABASE_URL        = module.neon.worker_connection_uri
    DATABASE_URL_EU     = module.neon_eu.worker_connection_uri
  }
}
