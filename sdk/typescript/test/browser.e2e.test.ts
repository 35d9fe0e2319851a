/**
 * @nethical/client in a real browser: Debian's Chromium driven by playwright-core loads the client's
 * browser bundle (esbuild, platform "browser") from a page, and the page — not Node — evaluates, runs a
 * guard() that throws BlockedError, verifies an audit event's inclusion proof against the pinned key
 * (WebCrypto Ed25519 in the browser), and opens a live stream with the browser's own WebSocket.
 *
 * The Worker sends no CORS headers (README "TypeScript client": browser apps call it from its own origin
 * or through their backend), so the page's origin is a small Node server that serves the page and the
 * bundle and passes `/v2/*` (and the stream's WebSocket upgrade) through to `wrangler dev`.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { fetchAuditKey, ROOT, startClientStack, type ClientStack } from "./stack.ts";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The page: loads the bundle as a module and hands it to the test as `window.nethical`. */
const PAGE = `<!doctype html><title>nethical client</title><script type="module">import * as sdk from "/client.js"; window.nethical = sdk;</script>`;

let stack: ClientStack;
let server: Server;
let origin: string;
let browser: Browser;

/** Serve the page and the bundle; pass /v2/* through to the Worker (requests and WebSocket upgrades). */
async function startOrigin(workerUrl: string, bundle: string): Promise<{ server: Server; origin: string }> {
  const worker = new URL(workerUrl);
  const server = createServer((req, res) => {
    if (req.url === "/") return res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    if (req.url === "/client.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    if (!(req.url ?? "").startsWith("/v2/")) return res.writeHead(404).end();
    const upstream = httpRequest({ host: worker.hostname, port: worker.port, path: req.url, method: req.method, headers: { ...req.headers, host: worker.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("upgrade", (req, socket, head) => {
    const upstream = connect(Number(worker.port), worker.hostname, () => {
      const headers = Object.entries({ ...req.headers, host: worker.host }).map(([k, v]) => `${k}: ${String(v)}`);
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  stack = await startClientStack("browser");
  const bundled = await build({ entryPoints: [join(ROOT, "sdk/typescript/src/index.ts")], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
  ({ server, origin } = await startOrigin(stack.url, bundled.outputFiles[0]!.text));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await stack?.stop();
});

describe("@nethical/client in Chromium", () => {
  it("evaluates, guards, verifies a proof with WebCrypto and streams over the browser's WebSocket", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => "nethical" in window);
    const pinned = await fetchAuditKey(stack.url, stack.tenant.keys.auditor);
    const keys = { agent: stack.tenant.keys.agent, auditor: stack.tenant.keys.auditor };

    const result = await page.evaluate(
      async ({ keys, pinned }) => {
        const sdk = (window as unknown as { nethical: typeof import("@nethical/client") }).nethical;
        const baseUrl = location.origin;
        const agent = new sdk.NethicalClient({ baseUrl, apiKey: keys.agent });
        const auditor = new sdk.NethicalClient({ baseUrl, apiKey: keys.auditor, auditPublicKey: pinned });

        const stream = await auditor.streams.open({ stream: "agents/browser-1", filters: { decision: ["BLOCK", "TERMINATE"] } });
        const { response, meta } = await agent.evaluateWithMeta({ agent_id: "browser-1", action: "read the weather report", action_type: "query" });

        let ran = false;
        let blocked: { name: string; decision: string } | null = null;
        const shell = sdk.guard(agent, {
          agentId: "browser-1",
          tool: "run_shell",
          actionType: "code_execution",
          describe: (args: { cmd: string }) => args.cmd,
          run: () => {
            ran = true;
          },
        });
        try {
          await shell({ cmd: "rm -rf / --no-preserve-root" });
        } catch (error) {
          const e = error as { name: string; decision?: string };
          blocked = { name: e.name, decision: e.decision ?? "" };
        }
        const iterator = stream[Symbol.asyncIterator]();
        const streamed = (await iterator.next()).value as { data: { agent_id: string; decision: string } };
        stream.close();

        let proof: { leaf_index: number; decision: string } | null = null;
        for (let i = 0; i < 100 && proof === null; i++) {
          try {
            const verified = await auditor.audit.event(meta.auditEventId as string);
            proof = { leaf_index: verified.leaf_index, decision: "decision" in verified.event ? verified.event.decision : "(admin event)" };
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        return { decision: response.decision, ran, blocked, streamed: streamed.data, proof, userAgent: navigator.userAgent, hasProcess: typeof (globalThis as { process?: unknown }).process !== "undefined" };
      },
      { keys, pinned },
    );

    expect(errors).toEqual([]);
    expect(result.userAgent).toContain("Chrome");
    expect(result.hasProcess).toBe(false);
    expect(result.decision).toBe("ALLOW");
    expect(result.ran).toBe(false);
    expect(result.blocked?.name).toMatch(/^(BlockedError|TerminatedError)$/);
    expect(result.streamed).toMatchObject({ agent_id: "browser-1", decision: result.blocked?.decision });
    expect(result.proof).toMatchObject({ decision: "ALLOW" });
    expect(result.proof?.leaf_index).toBeGreaterThanOrEqual(0);
    await page.close();
  }, 120_000);
});
