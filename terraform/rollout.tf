# The regional rollout: rollout_stages and current_stage → each region's share on the new version.
# `npm run deploy:plan` (terraform/validate/rollout-plan.ts) applies the same rule to the tfvars and prints it.

locals {
  # A region's stage share is the percentage of the latest stage up to current_stage that names it, else 0.
  stage_percentage = {
    for region in keys(var.regions) : region => try(
      reverse([for i, stage in var.rollout_stages : stage.percentage if i <= var.current_stage && contains(stage.regions, region)])[0],
      0,
    )
  }

  # A region reached for the first time has no stable version to split with: it takes the new version at 100%.
  region_percentage = {
    for region, share in local.stage_percentage : region =>
    share > 0 && lookup(var.stable_version_ids, region, null) == null ? 100 : share
  }

  # A region gets a Worker once a stage reaches it or once it has a stable version.
  active_regions = {
    for region, config in var.regions : region => config
    if local.region_percentage[region] > 0 || lookup(var.stable_version_ids, region, null) != null
  }

  other_regions = { for region, config in local.active_regions : region => config if region != var.home_region }

  script_names = { for region in keys(var.regions) : region => "nethical-edge-${var.environment}-${region}" }
}

check "rollout_stages_name_known_regions" {
  assert {
    condition     = alltrue(flatten([for s in var.rollout_stages : [for r in s.regions : contains(keys(var.regions), r)]]))
    error_message = "A rollout stage names a region that is not in var.regions."
  }
}

check "home_region_first" {
  assert {
    condition     = contains(keys(var.regions), var.home_region) && contains(var.rollout_stages[0].regions, var.home_region)
    error_message = "home_region must be a region of the first stage: it owns the Durable Object classes and the queue consumers."
  }
}

check "current_stage_exists" {
  assert {
    condition     = var.current_stage < length(var.rollout_stages)
    error_message = "current_stage is past the last stage."
  }
}
