/**
 * The StreamHub's per-tenant limit in workerd: MAX_STREAMS_PER_TENANT (1,000) hibernatable streams open at
 * once, the next upgrade refused with 429 before its token is consumed, and a closed stream's place taken
 * by a new one. Upgrades go straight to the hub (as the Worker forwards them) to keep 1,000 sockets cheap.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { streamHubName } from "./name.ts";
import { MAX_STREAMS_PER_TENANT, type StreamBinding } from "./types.ts";

const BINDING: StreamBinding = { kind: "decisions", window: 4, buffer: 0, heartbeat_seconds: 300 };

describe("StreamHub limits", () => {
  it(`holds ${MAX_STREAMS_PER_TENANT} open streams, refuses the next with 429 without using its token, and frees a closed stream's place`, async () => {
    const tenant = `limit-${crypto.randomUUID().slice(0, 8)}`;
    const hub = env.STREAM_HUB.get(env.STREAM_HUB.idFromName(streamHubName(tenant)));
    const upgrade = (token: string) => hub.fetch(new Request(`https://hub/v2/streams/decisions?token=${token}`, { headers: { upgrade: "websocket" } }));
    const token = async () => (await hub.issueToken(tenant, BINDING, Date.now())).token;

    const open: WebSocket[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_TENANT; i++) {
      const res = await upgrade(await token());
      expect(res.status).toBe(101);
      const ws = res.webSocket as WebSocket;
      ws.accept();
      open.push(ws);
    }
    expect((await hub.streams(tenant)).length).toBe(MAX_STREAMS_PER_TENANT);

    const spare = await token();
    const refused = await upgrade(spare);
    expect(refused.status).toBe(429);
    expect(refused.webSocket).toBeNull();
    await refused.body?.cancel();

    // One stream closes: its place is free, and the refused token was not used up.
    const closed = new Promise<void>((resolve) => open[0]!.addEventListener("close", () => resolve()));
    open[0]!.close(1000, "done");
    await closed;
    let admitted: Response | null = null;
    for (let i = 0; i < 100 && admitted?.status !== 101; i++) {
      await admitted?.body?.cancel();
      admitted = await upgrade(spare);
      if (admitted.status !== 101) await new Promise((r) => setTimeout(r, 20));
    }
    expect(admitted?.status).toBe(101);
    (admitted?.webSocket as WebSocket).accept();
    expect((await hub.streams(tenant)).length).toBe(MAX_STREAMS_PER_TENANT);
    for (const ws of open.slice(1)) ws.close(1000, "done");
  }, 120_000);
});
