/**
 * The operator console in a real browser: Debian's Chromium driven by playwright-core against the real
 * Worker under `wrangler dev`, which serves the console as static assets (wrangler.toml [assets]) next to
 * the API. An admin logs in with the form; a decision made through the API appears in the live view
 * (bounded wait of 2 s), its page shows the masked spans and the inclusion proof verified in the browser
 * (WebCrypto Ed25519, key pinned on first use); an agent terminated through the API is reinstated and a
 * published policy version is moved to canary through the console. Every view is checked with axe-core
 * (no serious or critical violations) and screenshotted into test-results/console/. The CSP is enforced
 * (no bypass): a violation would show as a console error, and the test fails on any.
 */
import { mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT, startClientStack, type ClientStack } from "@nethical/dev-stack/client-stack";
import { buildConsole, builtFilesOnDisk, OUT_DIR } from "../scripts/build.ts";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Screenshots (git-ignored). */
const SHOTS = join(ROOT, "test-results", "console");
/** The functional bound on a decision reaching the live view. */
const LIVE_BOUND_MS = 2_000;

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let stack: ClientStack;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  await mkdir(SHOTS, { recursive: true });
  stack = await startClientStack("console");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run"],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Call the API directly (as an agent or operator would, not through the console). */
async function api(path: string, key: string, init: { method?: string; body?: unknown; yaml?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let body: string | undefined;
  if (init.yaml !== undefined) {
    headers["content-type"] = "application/yaml";
    body = init.yaml;
  } else if (init.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  const res = await fetch(`${stack.url}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Inject axe-core (through DevTools, so the page's CSP stays enforced) and return serious/critical violations. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(await AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, {});
    return { passes: (result as unknown as { passes: unknown[] }).passes.length, all: result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })) };
  });
  expect(violations.passes, "axe ran its rules").toBeGreaterThan(10);
  const minor = violations.all.filter((v) => v.impact !== "serious" && v.impact !== "critical");
  if (minor.length > 0) console.info(`axe (moderate/minor) on ${new URL(page.url()).hash || "/"}: ${minor.map((v) => `${v.impact} ${v.id}`).join(", ")}`);
  return violations.all.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id} ${v.targets.join(" ")}`);
}

/** Open a fresh page that records page errors and console errors (CSP violations among them). */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // Expected 404s only: the optional /console/config.json, and a proof asked for before its event reached the log.
    const expected404 = /status of 404/.test(m.text()) && /\/console\/config\.json$|\/v2\/audit\/[^/]+$/.test(m.location().url);
    if (m.type() === "error" && !expected404) errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  return { page, errors };
}

async function login(page: Page, key: string): Promise<void> {
  await page.goto(`${stack.url}/console/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByTestId("whoami").waitFor();
}

/** The element with focus, as "tag#id" or "tag:text". */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el === null ? "" : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : `:${(el.textContent ?? "").trim()}`}`;
  });
}

describe("operator console in Chromium", () => {
  it("is served as static assets with a CSP, no inline script and no secret in the bundle; the committed build is current", async () => {
    const res = await fetch(`${stack.url}/console/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${stack.url}/_headers`)).status).toBe(404); // the rules file itself is not served
    const html = await res.text();
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => /\bsrc="\/console\//.test(m[0]))).toBe(true);
    // The files the Worker serves are what `npm run console:build` makes of the sources now, and hold no key.
    const fresh = await buildConsole();
    for (const f of fresh) {
      const served = await (await fetch(`${stack.url}/console/${f.path}`)).text();
      for (const key of Object.values(stack.tenant.keys)) expect(served).not.toContain(key);
      expect(served).not.toMatch(/nk_[a-z0-9-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}/);
    }
    expect(await builtFilesOnDisk(), "run npm run console:build").toEqual(fresh.map((f) => f.path).sort());
    for (const f of fresh) expect(Buffer.from(await readFile(join(OUT_DIR, f.path))).equals(Buffer.from(f.contents)), `${f.path} is stale: run npm run console:build`).toBe(true);
  }, 60_000);

  it("logs in, shows a new decision live within 2 s, verifies its proof, reinstates an agent, transitions a policy; no serious a11y violation", async () => {
    const { keys } = stack.tenant;
    // Fixtures made through the API: a terminated agent and a policy with two quarantined versions.
    expect((await api("/v2/agents/console-robot/terminate", keys.operator, { body: { reason: "console e2e" } })).status).toBe(200);
    const v1 = await api("/v2/policies?policy_id=console-e2e", keys.operator, { yaml: "version: 1\nname: console-e2e\ndefault:\n  decision: ALLOW\nrules: []\n" });
    expect(v1.status).toBe(201);
    const v2 = await api("/v2/policies?policy_id=console-e2e", keys.operator, {
      yaml: "version: 1\nname: console-e2e\ndefault:\n  decision: ALLOW\nrules:\n  - id: block-shell\n    priority: 10\n    when: { field: tool.name, op: eq, value: shell }\n    then: { decision: BLOCK, reason: No shell }\n",
    });
    expect(v2.status).toBe(201);

    const { page, errors } = await newPage();
    await login(page, keys.admin);
    await expect.poll(() => page.getByTestId("whoami").textContent(), { timeout: 10_000 }).toContain("role admin");
    // The key is in sessionStorage only: not in localStorage, not in the URL.
    const storage = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: Object.values(localStorage), url: location.href }));
    expect(storage.session).toContain(keys.admin);
    expect(storage.local.join(" ")).not.toContain(keys.admin);
    expect(storage.url).not.toContain(keys.admin);
    await expect.poll(() => page.getByTestId("stream-state").textContent(), { timeout: 15_000 }).toBe("Live (stream)");
    expect(await axeProblems(page)).toEqual([]);
    // Keyboard: the first Tab reaches the skip link, which moves focus to the content; the views are links.
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("a:Skip to content");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("main#main");
    await page.getByRole("link", { name: "Fleet" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe("Fleet");
    await page.getByRole("link", { name: "Live decisions" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("stream-state").textContent(), { timeout: 10_000 }).toBe("Live (stream)");

    // A decision made through the API (an agent's key, not the console) appears within the bound.
    const made = await api("/v2/evaluate", keys.agent, { body: { agent_id: "console-agent", action: "send the invoice to jane.doe@example.com and call +1 415 555 0100", action_type: "message" } });
    expect(made.status).toBe(200);
    const decisionId = String(made.body.decision_id);
    const row = page.locator(`tr[data-decision-id="${decisionId}"]`);
    const answered = performance.now();
    await row.waitFor({ timeout: LIVE_BOUND_MS });
    console.info(`decision visible in the live view ${Math.round(performance.now() - answered)} ms after the API answered`);
    await page.screenshot({ path: join(SHOTS, "live.png"), fullPage: true });

    // Its page: explanation, violations with spans over the masked action (no raw PII), the proof verified.
    await row.getByRole("link").click();
    await expect.poll(() => page.getByTestId("decision").textContent(), { timeout: 10_000 }).toBe(String(made.body.decision));
    const proofStatus = page.getByTestId("proof-status");
    await expect.poll(() => proofStatus.getAttribute("data-verified"), { timeout: 20_000 }).toBe("true");
    const text = await page.locator("main").innerText();
    expect(text).not.toContain("jane.doe@example.com");
    expect(text).not.toContain("415 555 0100");
    if (((made.body.violations as unknown[] | undefined) ?? []).length > 0) expect(await page.getByTestId("masked-action").locator("mark").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "decision.png"), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);

    // Agents: look up the terminated agent and reinstate it.
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByLabel("Agent id").fill("console-robot");
    await page.getByRole("button", { name: "Look up" }).click();
    const robot = page.locator('tr[data-agent-id="console-robot"]');
    await expect.poll(() => robot.textContent(), { timeout: 10_000 }).toContain("TERMINATED");
    await page.screenshot({ path: join(SHOTS, "agents-terminated.png"), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);
    await robot.getByLabel("Reason").fill("reviewed in the console e2e test");
    await robot.getByRole("button", { name: "Reinstate" }).click();
    await expect.poll(() => page.locator("main p[role=status]").first().textContent(), { timeout: 10_000 }).toContain("Reinstated console-robot (cloud: reinstated");
    await expect.poll(() => robot.textContent(), { timeout: 10_000 }).toContain("active");
    expect((await api("/v2/agents/console-robot", keys.operator)).body.terminated).toBe(false);

    // Policies: move v2 to canary at 25 %, see the diff and the analysis.
    await page.getByRole("link", { name: "Policies" }).click();
    const v2row = page.getByTestId("versions-console-e2e").locator('tr[data-version="2"]');
    await v2row.getByLabel("To").selectOption("canary");
    await v2row.getByLabel("%").fill("25");
    await v2row.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByTestId("versions-console-e2e").locator('tr[data-version="2"]').getByTestId("status").textContent(), { timeout: 10_000 }).toBe("canary");
    expect(await page.locator("main").innerText()).toContain("canary: v2 serves 25% of agents");
    const policy = (await api("/v2/policies/console-e2e", keys.operator)).body as { versions: { version: number; status: string; canary_percent: number | null }[] };
    expect(policy.versions.find((v) => v.version === 2)).toMatchObject({ status: "canary", canary_percent: 25 });
    await page.getByRole("button", { name: "Show diff" }).click();
    await expect.poll(() => page.getByTestId("diff").textContent(), { timeout: 10_000 }).toContain("+ ");
    expect(await page.getByTestId("diff").textContent()).toContain("block-shell");
    await page.getByTestId("versions-console-e2e").locator('tr[data-version="2"]').getByRole("button", { name: "Analyse" }).click();
    await expect.poll(() => page.getByTestId("policy-output").textContent(), { timeout: 15_000 }).toMatch(/No errors|Errors/);
    await page.screenshot({ path: join(SHOTS, "policies.png"), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);

    // Fleet and SLOs render (no devices in this stack; the SLO charts draw).
    await page.getByRole("link", { name: "Fleet" }).click();
    await expect.poll(() => page.locator("main").innerText(), { timeout: 10_000 }).toMatch(/\d+ devices/);
    await page.screenshot({ path: join(SHOTS, "fleet.png"), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole("link", { name: "SLOs" }).click();
    await page.getByTestId("burn-rates").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("latency-chart").locator("canvas").count()).toBe(1);
    // The first latency point covers every request recorded so far (the evaluate calls above among them).
    await expect.poll(async () => Number(await page.locator("[data-requests]").getAttribute("data-requests")), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "slo.png"), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);

    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it("an operator key sees the views it may use, no proofs; an agent key is turned away", async () => {
    const { keys } = stack.tenant;
    const { page, errors } = await newPage();
    await login(page, keys.operator);
    expect(await page.getByTestId("whoami").textContent()).toContain("role operator");
    await expect.poll(() => page.getByTestId("stream-state").textContent(), { timeout: 15_000 }).toBe("Live (stream)");
    const made = await api("/v2/evaluate", keys.agent, { body: { agent_id: "console-agent", action: "read the weather report", action_type: "query" } });
    await page.locator(`tr[data-decision-id="${String(made.body.decision_id)}"]`).getByRole("link").click();
    await expect.poll(() => page.locator("main").innerText(), { timeout: 10_000 }).toContain("may not read");
    expect(errors).toEqual([]);
    await page.context().close();

    const agent = await newPage();
    await agent.page.goto(`${stack.url}/console/`);
    await agent.page.getByLabel("API key").fill(keys.agent);
    await agent.page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => agent.page.getByRole("alert").textContent(), { timeout: 10_000 }).toContain("cannot use the console");
    expect(await agent.page.evaluate(() => sessionStorage.length)).toBe(0);
    await agent.page.context().close();
  }, 60_000);
});
