# One region's Worker: the Worker, an immutable version (bundle, bindings, migrations), the gradual
# deployment that splits traffic between the new version and the stable one, and its domains/routes.

locals {
  owns_durable_objects = var.durable_object_owner_script == null
  migration_tags       = [for m in var.migrations : m.tag]
  first_pending        = var.applied_migration_tag == null ? 0 : index(local.migration_tags, var.applied_migration_tag) + 1
  pending_migrations   = local.owns_durable_objects ? slice(var.migrations, local.first_pending, length(var.migrations)) : []
  new_share            = var.stable_version_id == null ? 100 : var.rollout_percentage
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
    [for r in var.r2_bindings : { name = r.binding, type = "r2_bucket", bucket_name = r.bucket_name }],
    [for q in var.queue_producers : { name = q.binding, type = "queue", queue_name = q.queue }],
    [for name, value in var.vars : { name = name, type = "plain_text", text = value }],
    # An optional secret given as "" is not bound at all (the Worker reads it as unset).
    [for name in var.secret_names : { name = name, type = "secret_text", text = var.secrets[name] } if var.secrets[name] != ""],
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

  lifecycle {
    precondition {
      condition     = length(fileset(var.bundle_dir, "*.js")) > 0
      error_message = "bundle_dir holds no .js module: run `npx wrangler deploy --dry-run --env <env> --outdir dist/<env>` first."
    }
  }
}

resource "cloudflare_workers_deployment" "this" {
  account_id  = var.account_id
  script_name = cloudflare_worker.this.name
  strategy    = "percentage"

  # The new version at the region's share, the stable one for the rest; a side at 0% is left out. Without a
  # stable version (the region's first deployment) the new version takes 100%.
  versions = [for v in [
    { version_id = cloudflare_worker_version.this.id, percentage = local.new_share },
    { version_id = var.stable_version_id, percentage = 100 - local.new_share },
  ] : v if v.percentage > 0]

  annotations = {
    workers_message = var.deployment_message
  }

  lifecycle {
    precondition {
      condition     = length(local.pending_migrations) == 0 || local.new_share == 100
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
