/**
 * `npm run deploy:plan [-- --env staging|production] [-- --json]`: prints the rollout plan of each
 * environment (or one) from terraform/'s variables and tfvars. Needs no credentials and no terraform
 * binary; exits 1 when the variables are inconsistent (the same problems Terraform's checks report).
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadTerraformTree } from "./hcl.ts";
import { formatPlan, rolloutPlan, rootDefaults } from "./rollout-plan.ts";

const { values } = parseArgs({ options: { env: { type: "string" }, json: { type: "boolean", default: false } } });
const tree = await loadTerraformTree(fileURLToPath(new URL("..", import.meta.url)));
const defaults = rootDefaults(tree);
const files = tree.tfvars.filter((f) => values.env === undefined || f.body.environment === values.env);
if (files.length === 0) {
  console.error(`no terraform/environments/*/terraform.tfvars with environment = "${values.env}"`);
  process.exit(2);
}
const plans = files.map((f) => rolloutPlan({ ...defaults, ...f.body }));
if (values.json) console.log(JSON.stringify(plans, null, 2));
else console.log(plans.map(formatPlan).join("\n\n"));
process.exit(plans.some((p) => p.problems.length > 0) ? 1 : 0);
