# One Workers KV namespace (API keys, tenant records, copies of signed policy bundles; every key is
# tenant-scoped, see wrangler.toml). Its id goes into the Worker's kv_namespace binding.
terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.14"
    }
  }
}

variable "account_id" {
  description = "Cloudflare account id."
  type        = string
}

variable "title" {
  description = "The namespace's title, unique in the account (e.g. nethical-policy-kv-production)."
  type        = string
}

resource "cloudflare_workers_kv_namespace" "this" {
  account_id = var.account_id
  title      = var.title
}

output "id" {
  description = "The namespace id (also the value to paste into wrangler.toml's env section)."
  value       = cloudflare_workers_kv_namespace.this.id
}
