output "script_name" {
  description = "The Worker's name."
  value       = cloudflare_worker.this.name
}

output "version_id" {
  description = "The version this apply created: after a stage passes its SLO gate and reaches 100%, it becomes the next rollout's stable_version_id."
  value       = cloudflare_worker_version.this.id
}

output "deployment_versions" {
  description = "The traffic split now deployed (version id and percentage)."
  value       = cloudflare_workers_deployment.this.versions
}
