# One region's Worker: the Worker, an immutable version (bundle, bindings, migrations), the gradual
# deployment that splits traffic between the new version and the stable one, and its domains/routes.

locals {
  owns_durable_objects = var.durable_object_owner_script == null
  migration_tags       = [for m in var.migrations : m.tag]
  first_pending        = var.applied_migration_tag == null ? 0 : index(local.migration_tags, var.applied_migration_tag) + 1
  pending_migrations   = local.owns_durable_objects ? slice(var.migrations, local.first_pending, length(var.migrations)) : []
}

resource "cloudflare_worker" "this" {
  account_id = var.account_id
  name       = var.script_name
  logpush    = false

  observability = {
    enabled            = true
    head_sampling_rate = 1
    logs = {
      enabled         = true
      invocation_logs = true
    }
  }

  subdomain = {
    enabled          = false
    previews_enabled = false
  }
}

resource "cloudflare_worker_version" "this" {
  account_id          = var.account_id
  worker_id           = cloudflare_worker.this.id
  compatibility_date  = var.compatibility_date
  compatibility_flags = var.compatibility_flags
  main_module         = var.main_module

  modules = [for file in sort(fileset(var.bundle_dir, "*.js")) : {
    name         = file
    content_type = "application/javascript+module"
    content_file = "${var.bundle_dir}/${file}"
  }]

  # Built from the root module's bindings.tf, the list terraform/validate compares with wrangler.toml.
  bindings = concat(
    [for d in var.durable_objects : {
      name        = d.binding
      type        = "durable_object_namespace"
      class_name  = d.class_name
      script_name = var.durable_object_owner_script
    }],
    [for k in var.kv_bindings : { name = k.binding, type = "kv_namespace", namespace_id = k.namespace_id }],
    [for q in var.queue_producers : { name = q.binding, type = "queue", queue_name = q.queue }],
    [for name, value in var.vars : { name = name, type = "plain_text", text = value }],
    [for name in var.secret_names : { name = name, type = "secret_text", text = var.secrets[name] }],
    [for name in var.inherited_bindings : { name = name, type = "inherit" }],
  )

  migrations = length(local.pending_migrations) == 0 ? null : {
    old_tag = var.applied_migration_tag
    new_tag = local.pending_migrations[length(local.pending_migrations) - 1].tag
    steps   = [for m in local.pending_migrations : { new_sqlite_classes = m.new_sqlite_classes }]
  }

  annotations = {
    workers_message = var.deployment_message
  }
}

resource "cloudflare_workers_deployment" "this" {
  account_id  = var.account_id
  script_name = cloudflare_worker.this.name
  strategy    = "percentage"

  # The new version at the region's percentage, the stable one for the rest (all on one side at 0 or 100).
  versions = (
    var.stable_version_id == null || var.rollout_percentage >= 100
    ? [{ version_id = cloudflare_worker_version.this.id, percentage = 100 }]
    : var.rollout_percentage <= 0
    ? [{ version_id = var.stable_version_id, percentage = 100 }]
    : [
      { version_id = cloudflare_worker_version.this.id, percentage = var.rollout_percentage },
      { version_id = var.stable_version_id, percentage = 100 - var.rollout_percentage },
    ]
  )

  annotations = {
    workers_message = var.deployment_message
  }

  lifecycle {
    precondition {
      condition     = var.stable_version_id != null || var.rollout_percentage == 100
      error_message = "A region's first deployment has no stable version to split with: it must be at 100% (runbook: bootstrap)."
    }
    precondition {
      condition     = length(local.pending_migrations) == 0 || var.rollout_percentage == 100
      error_message = "A version that applies Durable Object migrations cannot be rolled out gradually: deploy it at 100% (runbook: adding a Durable Object migration)."
    }
  }
}

resource "cloudflare_workers_custom_domain" "this" {
  for_each   = toset(var.hostnames)
  account_id = var.account_id
  zone_id    = var.zone_id
  hostname   = each.value
  service    = cloudflare_worker.this.name
}

resource "cloudflare_workers_route" "this" {
  for_each = toset(var.route_patterns)
  zone_id  = var.zone_id
  pattern  = each.value
  script   = cloudflare_worker.this.name
}
