/**
 * @nethical/client live streams against the real Worker under `wrangler dev`, with the platform's own
 * WebSocket (Node's): a token issued and the stream opened with it as a subprotocol, filters applied, the
 * client acknowledging by itself (a window of 2 still delivers every decision), `dropped` surfaced when the
 * consumer lagged, heartbeats, and a used token refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NethicalClient, openStream, StreamClosedError, type StreamEvent, type StreamHeartbeat } from "@nethical/client";
import { startClientStack, type ClientStack } from "./stack.ts";

let stack: ClientStack;
let agent: NethicalClient;
let auditor: NethicalClient;

beforeAll(async () => {
  stack = await startClientStack("sdk-streams");
  agent = new NethicalClient({ baseUrl: stack.url, apiKey: stack.tenant.keys.agent });
  auditor = new NethicalClient({ baseUrl: stack.url, apiKey: stack.tenant.keys.auditor });
}, 180_000);
afterAll(async () => stack?.stop());

const allow = (agentId: string) => agent.evaluate({ agent_id: agentId, action: "list the files in the project folder", action_type: "query" });
const block = (agentId: string) => agent.evaluate({ agent_id: agentId, action: "rm -rf / --no-preserve-root", action_type: "code_execution" });

/** Take `n` events from the stream (fails the test after 15 s). */
async function take(stream: AsyncIterable<StreamEvent>, n: number): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  const iterator = stream[Symbol.asyncIterator]();
  while (out.length < n) {
    const next = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${out.length} of ${n} events`)), 15_000))]);
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("@nethical/client streams against wrangler dev", () => {
  it("issues a token and opens a filtered decisions stream: only the BLOCK arrives", async () => {
    const token = await auditor.streams.token({ stream: "decisions", filters: { decision: ["BLOCK"], agent_id: ["sdk-s1"] } });
    expect(token).toMatchObject({ protocol: "nethical-stream", url: expect.stringMatching(/^\/v2\/streams\/decisions\?token=/) });
    const stream = openStream(stack.url, token);
    expect(await stream.ready).toMatchObject({ type: "ready", stream: "decisions", filters: { decision: ["BLOCK"], agent_id: ["sdk-s1"] } });
    await allow("sdk-s1");
    await block("sdk-other");
    const blocked = await block("sdk-s1");
    const [event] = await take(stream, 1);
    expect(event).toMatchObject({ type: "decision", seq: 1, data: { agent_id: "sdk-s1", decision: "BLOCK", decision_id: blocked.decision_id } });
    expect(JSON.stringify(event)).not.toContain("no-preserve-root");
    stream.close();
  });

  it("acknowledges by itself: with a window of 2, twelve decisions all arrive in order, none dropped", async () => {
    const stream = await auditor.streams.open({ stream: "agents/sdk-s2", window: 2, buffer: 64 });
    const decided: string[] = [];
    for (let i = 0; i < 12; i++) decided.push((await allow("sdk-s2")).decision_id);
    const events = await take(stream, 12);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(events.map((e) => e.data.decision_id)).toEqual(decided);
    expect(stream.dropped).toBe(0);
    stream.close();
  });

  it("a consumer that lagged learns how many the hub dropped (window 1, buffer 1, six decisions)", async () => {
    const heartbeats: StreamHeartbeat[] = [];
    const stream = await auditor.streams.open({ stream: "agents/sdk-s3", window: 1, buffer: 1, heartbeat_seconds: 1 }, { onHeartbeat: (h) => heartbeats.push(h) });
    for (let i = 0; i < 6; i++) await allow("sdk-s3");
    // Wait, without consuming, until a heartbeat shows that the hub has assigned all six.
    for (let i = 0; i < 100 && (heartbeats.at(-1)?.seq ?? 0) < 6; i++) await new Promise((r) => setTimeout(r, 100));
    expect(heartbeats.at(-1)).toMatchObject({ type: "heartbeat", seq: 6, dropped: 4, in_flight: 1, queued: 1 });
    const events = await take(stream, 2);
    expect(events.map((e) => [e.seq, e.dropped])).toEqual([
      [1, undefined],
      [6, 4],
    ]);
    expect(stream.dropped).toBe(4);
    stream.close();
  });

  it("a used token is refused: ready rejects and nothing is streamed", async () => {
    const token = await auditor.streams.token({ stream: "violations" });
    const first = openStream(stack.url, token);
    await first.ready;
    first.close();
    const second = openStream(stack.url, token);
    await expect(second.ready).rejects.toBeInstanceOf(StreamClosedError);
    await expect(second.next()).rejects.toBeInstanceOf(StreamClosedError);
  });

  it("an agent key may not ask for a stream token (403 problem)", async () => {
    await expect(agent.streams.token({ stream: "decisions" })).rejects.toMatchObject({ status: 403 });
  });
});
