# Staging: its own Cloudflare account (queue names are fixed in the Worker), the same shape as production,
# a faster rollout. Secrets: TF_VAR_* as in production, with staging's own keys.
environment           = "staging"
cloudflare_account_id = "REPLACE-staging-account-id"
cloudflare_zone_id    = "REPLACE-nethical-staging-zone-id"
compatibility_date    = "2026-08-01"
compatibility_flags   = ["nodejs_compat"]
bundle_dir            = "../dist/staging"

policy_signing_key_id      = "policy-staging-1"
webhook_retry_base_seconds = 30
use_jurisdictions          = true
neon_region_id             = "aws-us-east-2"
neon_eu_region_id          = "aws-eu-central-1"

home_region = "us-east"

regions = {
  "us-east" = { hostnames = ["us-east.api.staging.nethical.example"] }
  "eu-west" = { hostnames = ["eu-west.api.staging.nethical.example"] }
}

rollout_stages = [
  {
    name       = "canary"
    regions    = ["us-east"]
    percentage = 50
    slo_gate   = { max_error_rate = 0.01, max_p99_ms = 100, min_soak_minutes = 15 }
  },
  {
    name       = "all"
    regions    = ["us-east", "eu-west"]
    percentage = 100
    slo_gate   = { max_error_rate = 0.01, max_p99_ms = 100, min_soak_minutes = 30 }
  },
]

current_stage = 0

stable_version_ids = {}

applied_migration_tag = null
