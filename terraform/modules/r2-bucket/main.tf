# One R2 bucket with lifecycle rules per key prefix: the audit archive (wrangler.toml AUDIT_ARCHIVE,
# docs/audit.md "Archive tiers and retention"). R2 has two storage classes, Standard and Infrequent Access;
# the Worker writes warm and cold objects in Infrequent Access itself. There is no colder class: "cold" is a
# prefix, and the lifecycle rules here are a backstop — retention deletions are made by the AuditLog
# (audited, with tombstones), so the rule only deletes what is left long after the longest retention.
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

variable "name" {
  description = "The bucket's name, unique in the account (e.g. nethical-audit-archive-production)."
  type        = string
}

variable "backstop_delete_after_days" {
  description = "Objects older than this are deleted by R2 itself (above every tenant's retention_days; 0 disables)."
  type        = number
  default     = 0
}

resource "cloudflare_r2_bucket" "this" {
  account_id    = var.account_id
  name          = var.name
  storage_class = "Standard"
}

resource "cloudflare_r2_bucket_lifecycle" "this" {
  count       = var.backstop_delete_after_days > 0 ? 1 : 0
  account_id  = var.account_id
  bucket_name = cloudflare_r2_bucket.this.name
  rules = [{
    id         = "audit-archive-backstop"
    enabled    = true
    conditions = { prefix = "t/" }
    delete_objects_transition = {
      condition = { type = "Age", max_age = var.backstop_delete_after_days * 86400 }
    }
  }]
}

output "name" {
  description = "The bucket name (the Worker's r2_bucket binding)."
  value       = cloudflare_r2_bucket.this.name
}
