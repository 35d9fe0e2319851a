/**
 * What verifying an inbound webhook costs (Node): median and p95 microseconds per `verifyWebhook` call
 * (workers/src/webhooks/inbound/verify.ts, the `standardwebhooks` package) on a ~1 KB tool-call event,
 * with one secret (the usual case) and during a rotation when the sender already signs with the new secret
 * but the old one is tried first (two HMACs). Used by `bench:webhook-verify` and `bench:integrations`.
 */
import { verifyWebhook } from "@nethical/workers/webhooks/inbound/verify";
import { signatureHeaders } from "@nethical/workers/webhooks/sign";
import { median, percentile, round } from "./stats.ts";

/** Per-call cost of one case. */
export interface VerifyCost {
  median_us: number;
  p95_us: number;
}

/** The measurement: payload size, one secret, and a rotation where the second secret matches. */
export interface WebhookVerifyCost {
  payload_bytes: number;
  rounds: number;
  calls_per_round: number;
  one_secret: VerifyCost;
  rotation_second_secret_matches: VerifyCost;
}

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

function measure(body: string, headers: ReturnType<typeof signatureHeaders>, secrets: string[], rounds: number, perRound: number): VerifyCost {
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) if (!verifyWebhook(body, headers, secrets)) throw new Error("verification failed");
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / perRound);
  }
  return { median_us: round(median(perCall), 2), p95_us: round(percentile(perCall, 95), 2) };
}

/**
 * Measure verification: a warm-up round set, then `rounds` × `perRound` calls per case; throws if one fails.
 *
 * @example
 * const cost = measureWebhookVerification(); // { one_secret: { median_us: 14.9, … }, … }
 */
export function measureWebhookVerification(rounds = 30, perRound = 2_000): WebhookVerifyCost {
  const body = payload();
  const current = secret();
  const previous = secret();
  const headers = signatureHeaders("msg_bench", body, [current], Date.now());
  measure(body, headers, [current], rounds, perRound); // warm-up
  return {
    payload_bytes: new TextEncoder().encode(body).byteLength,
    rounds,
    calls_per_round: perRound,
    one_secret: measure(body, headers, [current], rounds, perRound),
    rotation_second_secret_matches: measure(body, headers, [previous, current], rounds, perRound),
  };
}
