# Nethical Edge on Cloudflare and Neon: the KV namespace, the queues, two Neon audit databases (default
# and EU), and one Worker per active region, each rolled out gradually (rollout.tf).

module "policy_kv" {
  source     = "./modules/kv-namespace"
  account_id = var.cloudflare_account_id
  title      = "${local.kv_namespaces[0].title}-${var.environment}"
}

module "audit_archive" {
  source                     = "./modules/r2-bucket"
  account_id                 = var.cloudflare_account_id
  name                       = "${local.r2_buckets[0].bucket_name}-${var.environment}"
  backstop_delete_after_days = var.audit_archive_backstop_days
}

module "neon" {
  source       = "./modules/neon-database"
  project_name = "nethical-${var.environment}"
  region_id    = var.neon_region_id
  org_id       = var.neon_org_id
}

# EU tenants' audit rows (residency "eu") go here and nowhere else: DATABASE_URL_EU.
module "neon_eu" {
  source       = "./modules/neon-database"
  project_name = "nethical-${var.environment}-eu"
  region_id    = var.neon_eu_region_id
  org_id       = var.neon_org_id
}

locals {
  worker_common = {
    kv_bindings     = [for kv in local.kv_namespaces : { binding = kv.binding, namespace_id = module.policy_kv.id }]
    r2_bindings     = [for r2 in local.r2_buckets : { binding = r2.binding, bucket_name = module.audit_archive.name }]
    queue_producers = local.queue_producers
  }

  region_vars = {
    for region in keys(var.regions) : region => merge(local.worker_vars, {
      REGION       = region
      PEER_REGIONS = join(",", sort([for peer in keys(var.regions) : peer if peer != region]))
    })
  }
}

# The home region: defines the Durable Object classes, applies their migrations, consumes the queues.
module "home_worker" {
  source                = "./modules/worker"
  account_id            = var.cloudflare_account_id
  zone_id               = var.cloudflare_zone_id
  script_name           = local.script_names[var.home_region]
  hostnames             = var.regions[var.home_region].hostnames
  route_patterns        = var.regions[var.home_region].route_patterns
  bundle_dir            = var.bundle_dir
  compatibility_date    = var.compatibility_date
  compatibility_flags   = var.compatibility_flags
  durable_objects       = local.durable_objects
  migrations            = local.durable_object_migrations
  applied_migration_tag = var.applied_migration_tag
  kv_bindings           = local.worker_common.kv_bindings
  r2_bindings           = local.worker_common.r2_bindings
  queue_producers       = local.worker_common.queue_producers
  vars                  = local.region_vars[var.home_region]
  secret_names          = concat(local.secret_names, local.optional_secret_names)
  secrets               = local.secret_values
  inherited_bindings    = local.inherited_bindings
  rollout_percentage    = local.region_percentage[var.home_region]
  stable_version_id     = lookup(var.stable_version_ids, var.home_region, null)
  deployment_message    = var.deployment_message
}

# Every other active region: binds the home script's Durable Object namespaces, so all regions address
# the same objects (and the same "eu" jurisdiction for EU tenants).
module "region_worker" {
  source   = "./modules/worker"
  for_each = local.other_regions

  account_id                  = var.cloudflare_account_id
  zone_id                     = var.cloudflare_zone_id
  script_name                 = local.script_names[each.key]
  hostnames                   = each.value.hostnames
  route_patterns              = each.value.route_patterns
  bundle_dir                  = var.bundle_dir
  compatibility_date          = var.compatibility_date
  compatibility_flags         = var.compatibility_flags
  durable_objects             = local.durable_objects
  durable_object_owner_script = module.home_worker.script_name
  migrations                  = local.durable_object_migrations
  kv_bindings                 = local.worker_common.kv_bindings
  r2_bindings                 = local.worker_common.r2_bindings
  queue_producers             = local.worker_common.queue_producers
  vars                        = local.region_vars[each.key]
  secret_names                = concat(local.secret_names, local.optional_secret_names)
  secrets                     = local.secret_values
  inherited_bindings          = local.inherited_bindings
  rollout_percentage          = local.region_percentage[each.key]
  stable_version_id           = lookup(var.stable_version_ids, each.key, null)
  deployment_message          = var.deployment_message
}

module "queues" {
  source               = "./modules/queues"
  account_id           = var.cloudflare_account_id
  queue_names          = distinct(concat([for c in local.queue_consumers : c.queue], [for p in local.queue_producers : p.queue]))
  consumers            = local.queue_consumers
  consumer_script_name = module.home_worker.script_name

  # A consumer needs the home script deployed, not only created.
  depends_on = [module.home_worker]
}
