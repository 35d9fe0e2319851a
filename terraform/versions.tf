# The root module: one state per environment (staging, production), chosen at init with
# -backend-config=environments/<env>/backend.hcl and at plan with -var-file=environments/<env>/terraform.tfvars.
# Credentials come from the environment, never from variables: CLOUDFLARE_API_TOKEN, NEON_API_KEY, and the
# state bucket's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (an R2 API token). See terraform/README.md.
terraform {
  required_version = ">= 1.10" # use_lockfile in the S3 backend

  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.14"
    }
    neon = {
      source  = "kislerdm/neon"
      version = "~> 0.9"
    }
  }

  # State in an R2 bucket through the S3 backend; bucket, key and endpoint per environment in backend.hcl.
  backend "s3" {}
}

provider "cloudflare" {}

provider "neon" {}
