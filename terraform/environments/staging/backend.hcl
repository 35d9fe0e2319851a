# State for staging in an R2 bucket (S3 API). Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of an
# R2 API token scoped to this bucket. terraform init -backend-config=environments/staging/backend.hcl
bucket                      = "nethical-terraform-state"
key                         = "staging/terraform.tfstate"
region                      = "auto"
endpoints                   = { s3 = "https://REPLACE-account-id.r2.cloudflarestorage.com" }
use_lockfile                = true
skip_credentials_validation = true
skip_region_validation      = true
skip_requesting_account_id  = true
skip_metadata_api_check     = true
skip_s3_checksum            = true
use_path_style              = true
