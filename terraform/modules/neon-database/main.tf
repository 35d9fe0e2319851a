# One Neon project for the audit store (db/, migrations/): its main branch, the database, the owner role
# that runs migrations, and the Worker's login role. The Worker's role gets no privilege here: the
# migration 0001_append_only_roles.sql creates the NOLOGIN group nethical_writer, and the runbook's
# bootstrap step runs `GRANT nethical_writer TO <worker_role>` as the owner (terraform/README.md).
terraform {
  required_providers {
    neon = {
      source  = "kislerdm/neon"
      version = "~> 0.9"
    }
  }
}

variable "project_name" {
  description = "Neon project name (e.g. nethical-production or nethical-production-eu)."
  type        = string
}

variable "region_id" {
  description = "Neon region the data lives in (e.g. aws-us-east-2, aws-eu-central-1). EU tenants' rows stay in the EU project."
  type        = string
}

variable "org_id" {
  description = "Neon organisation id (null: the API key's personal account)."
  type        = string
  default     = null
}

variable "pg_version" {
  description = "Postgres major version."
  type        = number
  default     = 17
}

variable "database_name" {
  description = "The audit store's database."
  type        = string
  default     = "nethical"
}

variable "owner_role_name" {
  description = "Owns the tables; used for migrations only (never handed to the Worker)."
  type        = string
  default     = "nethical_owner"
}

variable "worker_role_name" {
  description = "The Worker's login role; made a member of nethical_writer at bootstrap (runbook)."
  type        = string
  default     = "nethical_app"
}

variable "history_retention_seconds" {
  description = "Point-in-time restore window (Neon plan limits apply)."
  type        = number
  default     = 604800
}

resource "neon_project" "this" {
  name                      = var.project_name
  region_id                 = var.region_id
  org_id                    = var.org_id
  pg_version                = var.pg_version
  history_retention_seconds = var.history_retention_seconds

  branch {
    name          = "main"
    database_name = var.database_name
    role_name     = var.owner_role_name
  }
}

resource "neon_role" "worker" {
  project_id = neon_project.this.id
  branch_id  = neon_project.this.default_branch_id
  name       = var.worker_role_name
}

output "project_id" {
  description = "Neon project id."
  value       = neon_project.this.id
}

output "worker_connection_uri" {
  description = "The Worker's DATABASE_URL (login role nethical_app, TLS required). Sensitive: handed to the Worker as a secret binding, never printed."
  value       = "postgresql://${neon_role.worker.name}:${neon_role.worker.password}@${neon_project.this.database_host_pooler}/${var.database_name}?sslmode=require"
  sensitive   = true
}

output "owner_connection_uri" {
  description = "The owner's URL, for `migrations/` only (runbook: running migrations against Neon)."
  value       = neon_project.this.connection_uri
  sensitive   = true
}
