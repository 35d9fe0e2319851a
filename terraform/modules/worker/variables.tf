variable "account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "zone_id" {
  description = "Zone of the hostnames and route patterns (null: none)."
  type        = string
  default     = null
}

variable "script_name" {
  description = "The Worker's name (one per region: nethical-edge-<environment>-<region>)."
  type        = string
}

variable "hostnames" {
  description = "Custom domains served by this Worker (e.g. eu-west.api.example.com)."
  type        = list(string)
  default     = []
}

variable "route_patterns" {
  description = "Route patterns on zone_id served by this Worker (e.g. api.example.com/eu/*)."
  type        = list(string)
  default     = []
}

variable "bundle_dir" {
  description = "Directory of the bundled Worker (`wrangler deploy --dry-run --outdir <dir> --env <environment>`)."
  type        = string
}

variable "main_module" {
  description = "The entry module inside bundle_dir."
  type        = string
  default     = "index.js"
}

variable "compatibility_date" {
  description = "Workers compatibility date (wrangler.toml's)."
  type        = string
}

variable "compatibility_flags" {
  description = "Workers compatibility flags (wrangler.toml's)."
  type        = list(string)
}

variable "durable_objects" {
  description = "Durable Object bindings: binding name and class."
  type        = list(object({ binding = string, class_name = string }))
}

variable "durable_object_owner_script" {
  description = "null: this script defines the Durable Object classes and applies their migrations. Otherwise the script whose namespaces this one binds (the home region's), so every region shares one namespace per class."
  type        = string
  default     = null
}

variable "migrations" {
  description = "Durable Object migrations in order (wrangler.toml's [[migrations]]); applied only by the owner script."
  type        = list(object({ tag = string, new_sqlite_classes = list(string) }))
}

variable "applied_migration_tag" {
  description = "The last migration tag the live script already has (null: a new script, every migration applies)."
  type        = string
  default     = null
}

variable "kv_bindings" {
  description = "KV namespace bindings."
  type        = list(object({ binding = string, namespace_id = string }))
}

variable "r2_bindings" {
  description = "R2 bucket bindings."
  type        = list(object({ binding = string, bucket_name = string }))
  default     = []
}

variable "queue_producers" {
  description = "Queue producer bindings."
  type        = list(object({ binding = string, queue = string }))
}

variable "vars" {
  description = "Plain-text variables (wrangler.toml's [vars])."
  type        = map(string)
}

variable "secret_names" {
  description = "Names of the secret bindings (the values are in `secrets`)."
  type        = list(string)
}

variable "secrets" {
  description = "Secret values by name. Sensitive: stored in state as the provider requires, never in an output."
  type        = map(string)
  sensitive   = true
}

variable "inherited_bindings" {
  description = "Bindings the provider cannot declare (wrangler.toml's [[ratelimits]]): inherited from the latest version, created once by the bootstrap `wrangler deploy` (runbook)."
  type        = list(string)
  default     = []
}

variable "rollout_percentage" {
  description = "Share of this region's traffic on the new version (0-100); the rest stays on stable_version_id. Without a stable version the new version takes 100%."
  type        = number

  validation {
    condition     = var.rollout_percentage >= 0 && var.rollout_percentage <= 100
    error_message = "rollout_percentage must be between 0 and 100."
  }
}

variable "stable_version_id" {
  description = "The version serving the rest of the traffic (null: the region's first deployment, at 100%)."
  type        = string
  default     = null
}

variable "deployment_message" {
  description = "Annotation on the deployment (shown in the dashboard and `wrangler deployments list`)."
  type        = string
  default     = "terraform"
}
