/**
 * What the soak needs to tell our memory from the local runtime's: which of wrangler dev's workerd
 * processes runs the Worker (its command line has `--inspector-addr`) and which is wrangler's local dev
 * proxy (it runs the ProxyWorker and the InspectorProxyWorker, none of our code), and the JS heap of the
 * Worker's isolate — the Worker and its Durable Objects share it — read through the inspector proxy
 * wrangler dev serves (Chrome DevTools protocol: `HeapProfiler.collectGarbage`, then
 * `Runtime.getHeapUsage`). Linux /proc only.
 */
import { readFile, readdir, readlink } from "node:fs/promises";
import WebSocket from "ws";

/** A workerd process of wrangler dev: the Worker's, or the local dev proxy's. */
export type WorkerdRole = "worker" | "proxy";

/**
 * The role of a workerd process from its NUL-separated /proc command line.
 *
 * @example
 * workerdRole("workerd\0serve\0--inspector-addr=127.0.0.1:0\0"); // "worker"
 */
export function workerdRole(cmdline: string): WorkerdRole {
  return cmdline.split("\0").some((arg) => arg.startsWith("--inspector-addr")) ? "worker" : "proxy";
}

/**
 * The role of `pid` (null when it is gone).
 *
 * @example
 * await roleOf(12345); // "proxy"
 */
export async function roleOf(pid: number): Promise<WorkerdRole | null> {
  try {
    return workerdRole(await readFile(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Listening TCP ports (IPv4) and their socket inodes from a /proc/net/tcp text.
 *
 * @example
 * listeningSockets("  sl  local_address rem_address   st ...\n   0: 0100007F:2405 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n");
 * // [{ port: 9221, inode: 4242 }]
 */
export function listeningSockets(procNetTcp: string): { port: number; inode: number }[] {
  const out: { port: number; inode: number }[] = [];
  for (const line of procNetTcp.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== "0A") continue; // 0A = LISTEN
    const port = Number.parseInt((cols[1] ?? "").split(":")[1] ?? "", 16);
    const inode = Number(cols[9]);
    if (Number.isFinite(port) && Number.isFinite(inode)) out.push({ port, inode });
  }
  return out;
}

/**
 * The TCP ports `pid` listens on (its socket fds matched against /proc/<pid>/net/tcp).
 *
 * @example
 * await listeningPorts(12345); // [40311, 9229]
 */
export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<number>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match !== null) inodes.add(Number(match[1]));
  }
  const table = await readFile(`/proc/${pid}/net/tcp`, "utf8").catch(() => "");
  return listeningSockets(table)
    .filter((s) => inodes.has(s.inode))
    .map((s) => s.port);
}

/**
 * The WebSocket URL of wrangler dev's inspector proxy, looked for among the ports `pids` listen on (it
 * answers `GET /json/version` with a `wrangler/…` browser); null when none answers.
 *
 * @example
 * await findInspector(pids); // "ws://127.0.0.1:9229/ws"
 */
export async function findInspector(pids: readonly number[]): Promise<string | null> {
  for (const pid of pids) {
    for (const port of await listeningPorts(pid)) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json()) as { Browser?: string };
        if (typeof body.Browser === "string" && body.Browser.startsWith("wrangler/")) {
          const list = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
          return list[0]?.webSocketDebuggerUrl ?? null;
        }
      } catch {
        // not an HTTP inspector
      }
    }
  }
  return null;
}

/** The Worker isolate's heap after a full GC, in MB. */
export interface IsolateHeap {
  /** V8 heap in use (live objects after the GC). */
  used_mb: number;
  /** V8 heap reserved. */
  total_mb: number;
  /** Memory the runtime accounts to the isolate outside the V8 heap (array buffers, native objects). */
  embedder_mb: number;
  backing_mb: number;
}

/**
 * Collect garbage in the Worker's isolate and read its heap usage through the inspector at `url`; null
 * when it does not answer within `timeoutMs`.
 *
 * @example
 * await isolateHeap("ws://127.0.0.1:9229/ws"); // { used_mb: 31.2, total_mb: 40.1, embedder_mb: 0.4, backing_mb: 4 }
 */
export async function isolateHeap(url: string, timeoutMs = 10_000): Promise<IsolateHeap | null> {
  const ws = new WebSocket(url, { headers: { host: new URL(url).host } });
  const mb = (bytes: unknown) => Math.round((Number(bytes ?? 0) / 1048576) * 10) / 10;
  try {
    return await new Promise<IsolateHeap | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      let id = 0;
      const pending = new Map<number, (result: Record<string, unknown>) => void>();
      const call = (method: string) =>
        new Promise<Record<string, unknown>>((r) => {
          pending.set(++id, r);
          ws.send(JSON.stringify({ id, method, params: {} }));
        });
      ws.on("message", (data) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
      });
      ws.on("error", () => {
        clearTimeout(timer);
        resolve(null);
      });
      ws.on("open", async () => {
        await call("HeapProfiler.collectGarbage");
        const usage = await call("Runtime.getHeapUsage");
        clearTimeout(timer);
        resolve({ used_mb: mb(usage.usedSize), total_mb: mb(usage.totalSize), embedder_mb: mb(usage.embedderHeapUsedSize), backing_mb: mb(usage.backingStorageSize) });
      });
    });
  } finally {
    ws.terminate();
  }
}
