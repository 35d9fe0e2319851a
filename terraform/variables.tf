# ---- where ----------------------------------------------------------------------------------------------

variable "environment" {
  description = "staging or production: the Worker's ENVIRONMENT var and the suffix of every name."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "cloudflare_account_id" {
  description = "The environment's Cloudflare account (one account per environment: queue names are fixed in the Worker)."
  type        = string
}

variable "cloudflare_zone_id" {
  description = "The zone of the regions' hostnames and route patterns."
  type        = string
}

variable "neon_org_id" {
  description = "Neon organisation owning both projects (null: the API key's own account)."
  type        = string
  default     = null
}

# ---- what -----------------------------------------------------------------------------------------------

variable "bundle_dir" {
  description = "Bundled Worker: `npx wrangler deploy --dry-run --env <environment> --outdir <bundle_dir>` (path relative to terraform/)."
  type        = string
  default     = "../dist/worker"
}

variable "compatibility_date" {
  description = "Workers compatibility date; keep equal to wrangler.toml's (checked by terraform/validate)."
  type        = string
}

variable "compatibility_flags" {
  description = "Workers compatibility flags; keep equal to wrangler.toml's."
  type        = list(string)
  default     = ["nodejs_compat"]
}

variable "applied_migration_tag" {
  description = "The last Durable Object migration tag the home region's live script has (null on the first apply). After an apply that added migrations, set it to the newest tag."
  type        = string
  default     = null
}

# ---- regions and rollout --------------------------------------------------------------------------------

variable "regions" {
  description = "Each region runs its own Worker (REGION var, PolicyStore \"<tenant>:<region>\"): hostnames (custom domains) and/or route patterns. Every region binds the home region's Durable Object namespaces."
  type = map(object({
    hostnames      = optional(list(string), [])
    route_patterns = optional(list(string), [])
  }))

  validation {
    condition     = alltrue([for name in keys(var.regions) : can(regex("^[a-z0-9][a-z0-9-]{0,31}$", name))])
    error_message = "Region names follow REGION_PATTERN (durable-objects/src/policy-store/store-address.ts): ^[a-z0-9][a-z0-9-]{0,31}$."
  }
}

variable "home_region" {
  description = "The region whose script defines the Durable Object classes, applies their migrations and consumes the queues."
  type        = string
}

variable "rollout_stages" {
  description = <<-EOT
    The rollout, in order. A stage names regions and the share of their traffic on the new version; a region's
    share is that of the latest stage up to current_stage that names it (0 before any does: it stays on its
    stable version). Before current_stage moves past a stage, its slo_gate must hold for min_soak_minutes on
    the stage's regions: error rate (5xx / requests) at most max_error_rate, p99 wall time at most max_p99_ms.
  EOT
  type = list(object({
    name       = string
    regions    = list(string)
    percentage = number
    slo_gate = object({
      max_error_rate   = number
      max_p99_ms       = number
      min_soak_minutes = number
    })
  }))

  validation {
    condition     = length(var.rollout_stages) > 0 && alltrue([for s in var.rollout_stages : s.percentage > 0 && s.percentage <= 100 && length(s.regions) > 0])
    error_message = "Every stage names at least one region and a percentage in (0, 100]."
  }

  validation {
    condition     = alltrue([for s in var.rollout_stages : s.slo_gate.max_error_rate >= 0 && s.slo_gate.max_error_rate < 1 && s.slo_gate.max_p99_ms > 0 && s.slo_gate.min_soak_minutes >= 0])
    error_message = "slo_gate: 0 <= max_error_rate < 1, max_p99_ms > 0, min_soak_minutes >= 0."
  }
}

variable "current_stage" {
  description = "Index (0-based) of the stage being rolled out. Promote: +1 after the stage's SLO gate passed; roll back: set a region's percentage to 0 by lowering it, or re-point stable_version_ids."
  type        = number
  default     = 0

  validation {
    condition     = var.current_stage >= 0 && floor(var.current_stage) == var.current_stage
    error_message = "current_stage is a stage index (0, 1, …)."
  }
}

variable "stable_version_ids" {
  description = "Per region, the version serving the traffic not yet rolled out (the previous rollout's version_ids output). A region absent here is new: its first deployment is at 100%."
  type        = map(string)
  default     = {}
}

variable "deployment_message" {
  description = "Annotation on each deployment (e.g. the git commit)."
  type        = string
  default     = "terraform"
}

# ---- data residency -------------------------------------------------------------------------------------

variable "use_jurisdictions" {
  description = "USE_JURISDICTIONS: EU tenants' Durable Objects (and EU regions' PolicyStores) are addressed in the \"eu\" jurisdiction. Must be true in production (workerd refuses jurisdictions, so development runs false)."
  type        = bool
  default     = true
}

variable "neon_region_id" {
  description = "Neon region of the default audit database (DATABASE_URL): tenants with residency us or any."
  type        = string
  default     = "aws-us-east-2"
}

variable "neon_eu_region_id" {
  description = "Neon region of the EU audit database (DATABASE_URL_EU): tenants with residency eu."
  type        = string
  default     = "aws-eu-central-1"

  validation {
    condition     = startswith(var.neon_eu_region_id, "aws-eu-") || startswith(var.neon_eu_region_id, "azure-gwc")
    error_message = "The EU database must be in an EU Neon region."
  }
}

# ---- plain-text vars ------------------------------------------------------------------------------------

variable "policy_signing_key_id" {
  description = "POLICY_SIGNING_KEY_ID: the key id published with signed policy bundles (change it when rotating POLICY_SIGNING_KEY)."
  type        = string
}

variable "webhook_retry_base_seconds" {
  description = "WEBHOOK_RETRY_BASE_SECONDS: first outbound-webhook retry delay (doubling, at most 3600)."
  type        = number
  default     = 30
}

# ---- secrets (sensitive; set through TF_VAR_* in the environment, never in a tfvars file) ----------------

variable "bootstrap_admin_key" {
  description = "BOOTSTRAP_ADMIN_KEY: the platform bootstrap key (>= 24 characters, not starting with nk_); empty disables bootstrap."
  type        = string
  sensitive   = true
  default     = ""
}

variable "policy_signing_key" {
  description = "POLICY_SIGNING_KEY: Ed25519 private JWK (JSON) signing policy bundles. Required: production refuses to serve without it."
  type        = string
  sensitive   = true

  validation {
    condition     = can(jsondecode(var.policy_signing_key).d) && try(jsondecode(var.policy_signing_key).crv, "") == "Ed25519"
    error_message = "policy_signing_key must be an Ed25519 private JWK (JSON with crv = Ed25519 and d)."
  }
}

variable "audit_signing_key" {
  description = "AUDIT_SIGNING_KEY: Ed25519 private JWK (JSON) signing audit tree heads. Required: production refuses to serve without it."
  type        = string
  sensitive   = true

  validation {
    condition     = can(jsondecode(var.audit_signing_key).d) && try(jsondecode(var.audit_signing_key).crv, "") == "Ed25519"
    error_message = "audit_signing_key must be an Ed25519 private JWK (JSON with crv = Ed25519 and d)."
  }
}

variable "policy_signing_keys" {
  description = "POLICY_SIGNING_KEYS: rotated policy signing keys, a JSON object {key_id: Ed25519 private JWK} (docs/keys.md, rotation step 2). \"\" = none."
  type        = string
  sensitive   = true
  default     = ""

  validation {
    condition     = var.policy_signing_keys == "" || can(keys(jsondecode(var.policy_signing_keys)))
    error_message = "policy_signing_keys must be \"\" or a JSON object of key id to private JWK."
  }
}

variable "audit_signer_url" {
  description = "AUDIT_SIGNER_URL: https URL of the remote (KMS) tree-head signer, instead of audit_signing_key (docs/keys.md). \"\" = not used."
  type        = string
  default     = ""

  validation {
    condition     = var.audit_signer_url == "" || startswith(var.audit_signer_url, "https://")
    error_message = "audit_signer_url must be \"\" or an https URL."
  }
}

variable "audit_signer_key_id" {
  description = "AUDIT_SIGNER_KEY_ID: the key id of the remote signer's key (required with audit_signer_url)."
  type        = string
  default     = ""
}

variable "audit_signer_public_key" {
  description = "AUDIT_SIGNER_PUBLIC_KEY: the remote signer's pinned Ed25519 public JWK (JSON); \"\" = asked from the signer once."
  type        = string
  default     = ""
}

variable "audit_signer_token" {
  description = "AUDIT_SIGNER_TOKEN: bearer token of the remote signer."
  type        = string
  sensitive   = true
  default     = ""
}

variable "audit_public_keys" {
  description = "AUDIT_PUBLIC_KEYS: earlier and revoked tree-head public keys with windows, a JSON array (GET /v2/audit/keys). \"\" = none."
  type        = string
  default     = ""

  validation {
    condition     = var.audit_public_keys == "" || can(length(jsondecode(var.audit_public_keys)))
    error_message = "audit_public_keys must be \"\" or a JSON array."
  }
}

variable "witness_signing_key" {
  description = "WITNESS_SIGNING_KEY: Ed25519 private JWK (JSON) of the audit tree-head witness. Must not be the audit_signing_key: a split view needs both. Without it tree heads stay uncosigned."
  type        = string
  sensitive   = true

  validation {
    condition     = can(jsondecode(var.witness_signing_key).d) && try(jsondecode(var.witness_signing_key).crv, "") == "Ed25519" && var.witness_signing_key != var.audit_signing_key
    error_message = "witness_signing_key must be a private Ed25519 JWK (JSON with crv Ed25519 and d), different from audit_signing_key."
  }
}

variable "audit_archive_backstop_days" {
  description = "R2 deletes audit archive objects older than this itself (a backstop above every tenant's retention_days; 0 disables). Retention deletions are made, audited, by the AuditLog."
  type        = number
  default     = 0
}
