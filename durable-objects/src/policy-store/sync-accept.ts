/**
 * Accepting a device's `/v2/sync` WebSocket in the PolicyStore with the Hibernation API: the socket is
 * accepted by the Durable Object state (so the object may hibernate while it stays open), tagged within the
 * platform limits, and given its initial attachment. The device then says hello (sync-session.ts).
 */
import { checkedTags, setAttachment } from "./socket-limits.ts";
import { newAttachment } from "./sync-session.ts";

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accept the upgrade in `request` for `tenant` (null: this store has no tenant → 404).
 *
 * @example
 * override fetch(request) { return acceptSyncSocket(this.ctx, request, tenant); }
 */
export function acceptSyncSocket(ctx: DurableObjectState, request: Request, tenant: string | null): Response {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("expected a WebSocket upgrade", { status: 426, headers: { upgrade: "websocket" } });
  }
  const url = new URL(request.url);
  if (tenant === null || url.searchParams.get("tenant") !== tenant) return new Response("unknown tenant", { status: 404 });
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  const tags = ["sync"];
  const device = url.searchParams.get("device_id");
  if (device !== null && DEVICE_ID.test(device)) tags.push(`device:${device}`);
  ctx.acceptWebSocket(server, checkedTags(tags));
  setAttachment(server, newAttachment());
  return new Response(null, { status: 101, webSocket: client });
}
