# No output carries a secret: connection strings and keys stay in sensitive variables and bindings.

output "policy_kv_namespace_id" {
  description = "Paste into wrangler.toml's [[env.<environment>.kv_namespaces]] id (the placeholder there)."
  value       = module.policy_kv.id
}

output "version_ids" {
  description = "Per active region, the version this apply created: the next rollout's stable_version_ids once the rollout reached 100%."
  value       = merge({ (var.home_region) = module.home_worker.version_id }, { for region, worker in module.region_worker : region => worker.version_id })
}

output "region_percentages" {
  description = "Per region, the share of traffic on the new version after this apply."
  value       = local.region_percentage
}

output "script_names" {
  description = "Per active region, the Worker's name."
  value       = merge({ (var.home_region) = module.home_worker.script_name }, { for region, worker in module.region_worker : region => worker.script_name })
}

output "neon_project_ids" {
  description = "Neon projects: default and EU audit databases."
  value       = { default = module.neon.project_id, eu = module.neon_eu.project_id }
}
