/**
 * Inbound webhook verification cost (Node): median microseconds per `verifyWebhook` call
 * (workers/src/webhooks/inbound/verify.ts, the `standardwebhooks` package) on a ~1 KB tool-call event,
 * with one secret (the usual case) and during a rotation when the sender already signs with the new
 * secret but the old one is tried first (two HMACs). Writes bench/results/webhook-verify.json.
 * Run: `npm run bench:webhook-verify`.
 */
import { verifyWebhook } from "@nethical/workers/webhooks/inbound/verify";
import { signatureHeaders } from "@nethical/workers/webhooks/sign";
import { table, writeResult } from "./lib/results.ts";
import { median, percentile, round } from "./lib/stats.ts";

const ROUNDS = 30;
const PER_ROUND = 2_000;

function secret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;
}

/** A tool-call event of about 1 KB, as the generic source receives it. */
function payload(): string {
  const event = { type: "tool_call", agent_id: "support-bot-7", tool: { name: "send_email", arguments: { to: "ops@example.com", subject: "weekly report", body: "" } } };
  const base = JSON.stringify(event).length;
  event.tool.arguments.body = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024 - base);
  return JSON.stringify(event);
}

/** Median and p95 µs per verification over ROUNDS rounds of PER_ROUND calls; throws if one fails. */
function measure(body: string, headers: ReturnType<typeof signatureHeaders>, secrets: string[]): { median_us: number; p95_us: number } {
  const perCall: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) if (!verifyWebhook(body, headers, secrets)) throw new Error("verification failed");
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND);
  }
  return { median_us: round(median(perCall), 2), p95_us: round(percentile(perCall, 95), 2) };
}

const body = payload();
const current = secret();
const previous = secret();
const headers = signatureHeaders("msg_bench", body, [current], Date.now());
measure(body, headers, [current]); // warm-up
const one = measure(body, headers, [current]);
const rotation = measure(body, headers, [previous, current]);
const bytes = new TextEncoder().encode(body).byteLength;

const file = await writeResult("webhook-verify", {
  what: "median µs per verifyWebhook (standardwebhooks: HMAC-SHA256 + timestamp check) in Node, 30 rounds × 2000 calls",
  payload_bytes: bytes,
  one_secret: one,
  rotation_second_secret_matches: rotation,
});
console.log(table([["case", "median µs", "p95 µs"], ["one secret", one.median_us, one.p95_us], ["rotation (2nd secret matches)", rotation.median_us, rotation.p95_us]]));
console.log(`payload ${bytes} bytes → ${file}`);
