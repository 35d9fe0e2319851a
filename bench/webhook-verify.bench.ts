/**
 * Inbound webhook verification cost (Node): median microseconds per `verifyWebhook` call on a ~1 KB
 * tool-call event, with one secret and during a rotation (bench/lib/webhook-verify-cost.ts). Writes
 * bench/results/webhook-verify.json. Run: `npm run bench:webhook-verify`.
 */
import { table, writeResult } from "./lib/results.ts";
import { measureWebhookVerification } from "./lib/webhook-verify-cost.ts";

const cost = measureWebhookVerification();
const file = await writeResult("webhook-verify", {
  what: `median µs per verifyWebhook (standardwebhooks: HMAC-SHA256 + timestamp check) in Node, ${cost.rounds} rounds × ${cost.calls_per_round} calls`,
  ...cost,
});
console.log(table([
  ["case", "median µs", "p95 µs"],
  ["one secret", cost.one_secret.median_us, cost.one_secret.p95_us],
  ["rotation (2nd secret matches)", cost.rotation_second_secret_matches.median_us, cost.rotation_second_secret_matches.p95_us],
]));
console.log(`payload ${cost.payload_bytes} bytes → ${file}`);
