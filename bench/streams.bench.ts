/**
 * `npm run bench:streams`: does a stalled live-stream reader slow decisions? `POST /v2/evaluate` p50 with
 * no stream open against the same with one stalled reader attached to `GET /v2/streams/decisions`, on the
 * real Worker under `wrangler dev` (shipped wrangler.toml), same run, interleaved rounds (the order of the
 * conditions rotates round by round), concurrency 1, 1 KB benign requests over 64 agents. A third
 * condition shows what the Worker's no-listener memo saves: no stream, the memo cleared before each
 * decision, so each publish calls the tenant's StreamHub.
 *
 * The stalled reader takes a fresh stream token each round, opens the WebSocket (token as subprotocol),
 * waits for `ready`, then stops reading its socket and never acknowledges: the hub sends its window,
 * buffers its buffer and drops the oldest beyond. After the round it reads again, acknowledges everything
 * and records the `dropped` the hub told it, checking that every seq it was sent plus what was dropped
 * accounts for every message. Writes bench/results/streams.json. ROUNDS (default 10) × PER_ROUND
 * (default 500) decisions per condition; any error makes the exit code 1.
 */
import WebSocket from "ws";
import { benignRequests, rawEvaluate } from "./lib/raw-evaluate.ts";
import { startLoadStack } from "./lib/load-stack.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";

const ROUNDS = Math.min(Math.max(Number(process.env.ROUNDS ?? 10), 2), 40);
const PER_ROUND = Math.min(Math.max(Number(process.env.PER_ROUND ?? 500), 50), 1_000);
const WARMUP = 200;
const AGENTS = 64;
/** Agent keys to spread the calls over (KEY_LIMITER: 6,000 per key per 60 s). */
const KEYS = 4;
/** The token's flow-control limits (the defaults, named here so the expected drop count is explicit). */
const WINDOW = 64;
const BUFFER = 256;

/** One message from the hub. */
interface StreamMessage {
  type: string;
  seq?: number;
  dropped?: number;
}

/** A stalled reader's account of one round. */
interface ReaderRound {
  /** Last seq the hub assigned (messages the stream produced). */
  last_seq: number;
  /** Messages received (window before the stall ended, then the buffer after the acks). */
  received: number;
  /** `dropped` the hub reported. */
  dropped: number;
  /** Messages received before the first ack (the window the hub sent while the reader stalled). */
  sent_while_stalled: number;
}

const stack = await startLoadStack("streams", KEYS);
let failed = false;
try {
  const { dev, agentKeys, tenant } = stack;
  const request = benignRequests(53, "stream-agent-", AGENTS);
  let calls = 0;
  const evaluate = async (): Promise<number> => {
    const i = calls++;
    const t0 = performance.now();
    await rawEvaluate(dev.url, agentKeys[i % KEYS] as string, request(i));
    return performance.now() - t0;
  };

  /** Open a decisions stream as a reader that stops reading once the stream is ready. */
  const issueToken = async (): Promise<string> => {
    const res = await fetch(`${dev.url}/v2/streams/token`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.keys.auditor}`, "content-type": "application/json" },
      body: JSON.stringify({ stream: "decisions", window: WINDOW, buffer: BUFFER, heartbeat_seconds: 300 }),
    });
    if (res.status !== 201) throw new Error(`stream token answered HTTP ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const openStalledReader = async () => {
    const token = await issueToken();
    const ws = new WebSocket(`${dev.url.replace(/^http/, "ws")}/v2/streams/decisions`, ["nethical-stream", token]);
    const messages: StreamMessage[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((resolve, reject) => {
      ready = resolve;
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, r) => reject(new Error(`stream upgrade answered HTTP ${r.statusCode}`)));
    });
    ws.on("message", (raw) => {
      const message = JSON.parse(String(raw)) as StreamMessage;
      if (message.type === "ready") {
        ws.pause(); // stalled: the socket is no longer read, and nothing is ever acknowledged
        ready();
      } else messages.push(message);
    });
    await isReady;
    return { ws, messages };
  };

  /** Read again, acknowledge until nothing more comes, and account for every message. */
  const drain = async ({ ws, messages }: Awaited<ReturnType<typeof openStalledReader>>): Promise<ReaderRound> => {
    ws.resume();
    const quiet = async () => {
      let seen = -1;
      while (seen !== messages.length) {
        seen = messages.length;
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    await quiet();
    const isData = (m: StreamMessage) => m.type === "decision" || m.type === "violation";
    const sentWhileStalled = messages.filter(isData).length;
    let acked = 0;
    for (;;) {
      const last = messages.findLast(isData)?.seq ?? 0;
      if (last === acked) break;
      ws.send(JSON.stringify({ type: "ack", seq: last }));
      acked = last;
      await quiet();
    }
    const data = messages.filter(isData);
    const dropped = Math.max(0, ...messages.map((m) => m.dropped ?? 0));
    const lastSeq = data.at(-1)?.seq ?? 0;
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve());
      ws.close(1000, "round over");
    });
    return { last_seq: lastSeq, received: data.length, dropped, sent_while_stalled: sentWhileStalled };
  };

  const scratch: number[] = [];
  for (let i = 0; i < WARMUP; i++) scratch.push(await evaluate());
  // One stream opened and drained once, so the hub and the stream routes are warm too.
  await drain(await openStalledReader());

  const none: number[] = [];
  const stalled: number[] = [];
  const readers: ReaderRound[] = [];
  const unmemoized: number[] = [];
  const roundP50s: { round: number; none_p50_ms: number; stalled_p50_ms: number; no_memo_p50_ms: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const runNone = async () => {
      const s: number[] = [];
      for (let i = 0; i < PER_ROUND; i++) s.push(await evaluate());
      none.push(...s);
      return s;
    };
    const runStalled = async () => {
      const reader = await openStalledReader();
      const s: number[] = [];
      for (let i = 0; i < PER_ROUND; i++) s.push(await evaluate());
      stalled.push(...s);
      readers.push(await drain(reader));
      return s;
    };
    // No stream, but the isolate's no-listener memo cleared before each decision (an unused token is
    // issued, untimed, which clears it): every decision's publish then calls the hub, as it would without
    // the memo. Fewer decisions: each costs a token request too.
    const runUnmemoized = async () => {
      const s: number[] = [];
      for (let i = 0; i < Math.ceil(PER_ROUND / 5); i++) {
        await issueToken();
        s.push(await evaluate());
      }
      unmemoized.push(...s);
      return s;
    };
    const conditions = [runNone, runStalled, runUnmemoized];
    const order = [0, 1, 2].map((k) => conditions[(k + round) % 3] as () => Promise<number[]>);
    const results = new Map<() => Promise<number[]>, number[]>();
    for (const run of order) results.set(run, await run());
    const p50 = (run: () => Promise<number[]>) => round3(percentile(results.get(run) ?? [], 50));
    roundP50s.push({ round, none_p50_ms: p50(runNone), stalled_p50_ms: p50(runStalled), no_memo_p50_ms: p50(runUnmemoized) });
  }

  const figures = (s: number[]) => ({ p50_ms: round3(percentile(s, 50)), p90_ms: round3(percentile(s, 90)), p99_ms: round3(percentile(s, 99)) });
  const n = figures(none);
  const s = figures(stalled);
  const u = figures(unmemoized);
  const ratio = round(percentile(stalled, 50) / percentile(none, 50), 3);
  const expectedDrops = Math.max(0, PER_ROUND - WINDOW - BUFFER);
  const accounted = readers.every((r) => r.received + r.dropped === r.last_seq);
  const boundedWhileStalled = readers.every((r) => r.sent_while_stalled <= WINDOW);
  console.log(table([
    ["condition", "p50 ms", "p90 ms", "p99 ms", "decisions"],
    ["no stream", n.p50_ms, n.p90_ms, n.p99_ms, none.length],
    ["one stalled reader", s.p50_ms, s.p90_ms, s.p99_ms, stalled.length],
    ["no stream, memo cleared", u.p50_ms, u.p90_ms, u.p99_ms, unmemoized.length],
  ]));
  console.log(table([["round", "last seq", "sent while stalled", "received", "dropped"], ...readers.map((r, i) => [i, r.last_seq, r.sent_while_stalled, r.received, r.dropped])]));
  console.log(`p50 ratio stalled/none ${ratio} (target ≤ 1.10: ${ratio <= 1.1 ? "met" : "missed"}); dropped per round ~${expectedDrops} expected (${PER_ROUND} decisions − window ${WINDOW} − buffer ${BUFFER}); every message accounted for: ${accounted}`);
  if (!accounted || !boundedWhileStalled) throw new Error("the stalled reader's messages do not add up (received + dropped ≠ last seq, or more than the window sent while stalled)");
  const file = await writeResult("streams", {
    what: "POST /v2/evaluate p50 with no stream open vs one stalled reader on GET /v2/streams/decisions (never reads its socket, never acks), same wrangler dev, same run, interleaved rounds (order alternating), concurrency 1, 1 KB benign requests over 64 agents",
    rounds: ROUNDS,
    decisions_per_round: PER_ROUND,
    stream: { window: WINDOW, buffer: BUFFER },
    evaluate: { no_stream: n, stalled_reader: s, p50_ratio: ratio, target: "≤ 1.10", target_met: ratio <= 1.1 },
    no_stream_without_memo: {
      what: "no stream open, the isolate's no-listener memo cleared before each decision (an unused token issued, untimed), so every decision's publish calls the StreamHub: what the memo saves",
      evaluate: u,
      p50_ratio_to_no_stream: round(percentile(unmemoized, 50) / percentile(none, 50), 3),
    },
    rounds_p50: roundP50s,
    stalled_reader: {
      dropped_per_round: readers.map((r) => r.dropped),
      dropped_total: readers.reduce((t, r) => t + r.dropped, 0),
      expected_dropped_per_round: expectedDrops,
      sent_while_stalled_max: Math.max(...readers.map((r) => r.sent_while_stalled)),
      every_message_accounted_for: accounted,
      rounds: readers,
    },
  });
  console.log(`wrote ${file}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);

function round3(x: number): number {
  return round(x, 3);
}
