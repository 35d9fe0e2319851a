# Production. Secrets are not here: export TF_VAR_policy_signing_key, TF_VAR_audit_signing_key and
# TF_VAR_bootstrap_admin_key (terraform/README.md, "Creating secrets").
environment           = "production"
cloudflare_account_id = "REPLACE-production-account-id"
cloudflare_zone_id    = "REPLACE-nethical-zone-id"
compatibility_date    = "2026-08-01"
compatibility_flags   = ["nodejs_compat"]
bundle_dir            = "../dist/production"

policy_signing_key_id      = "policy-production-1"
webhook_retry_base_seconds = 30
use_jurisdictions          = true
neon_region_id             = "aws-us-east-2"
neon_eu_region_id          = "aws-eu-central-1"

home_region = "us-east"

regions = {
  "us-east"      = { hostnames = ["us-east.api.nethical.example"] }
  "eu-west"      = { hostnames = ["eu-west.api.nethical.example"] }
  "ap-southeast" = { hostnames = ["ap-southeast.api.nethical.example"] }
}

rollout_stages = [
  {
    name       = "canary"
    regions    = ["us-east"]
    percentage = 5
    slo_gate   = { max_error_rate = 0.001, max_p99_ms = 50, min_soak_minutes = 60 }
  },
  {
    name       = "home"
    regions    = ["us-east"]
    percentage = 100
    slo_gate   = { max_error_rate = 0.001, max_p99_ms = 50, min_soak_minutes = 120 }
  },
  {
    name       = "eu"
    regions    = ["eu-west"]
    percentage = 25
    slo_gate   = { max_error_rate = 0.001, max_p99_ms = 60, min_soak_minutes = 120 }
  },
  {
    name       = "global"
    regions    = ["us-east", "eu-west", "ap-southeast"]
    percentage = 100
    slo_gate   = { max_error_rate = 0.001, max_p99_ms = 60, min_soak_minutes = 1440 }
  },
]

current_stage = 0

# The previous rollout's version_ids output, once it reached 100% everywhere (empty: first deployment).
stable_version_ids = {}

applied_migration_tag = null
