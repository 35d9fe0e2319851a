/**
 * The operator console's entry: log in with an API key (kept in sessionStorage), learn the key's role
 * (`GET /v2/whoami`), pin the audit key, open the live decisions and route between the views
 * (`#/live`, `#/decision/<id>`, `#/agents`, `#/fleet`, `#/policies`, `#/slo`).
 */
import { Api, type WhoAmI } from "./api.ts";
import type { Ctx, Pin } from "./context.ts";
import { DecisionStore } from "./decision-store.ts";
import { h, replace } from "./dom.ts";
import { abilitiesOf, type View } from "./roles.ts";
import { firstUsePin, forgetKey, isPinnedKey, pinFirstUse, storedKey, storeKey, type PinnedKey } from "./session.ts";
import { agentsView } from "./views/agents.ts";
import { decisionView } from "./views/decision.ts";
import { fleetView } from "./views/fleet.ts";
import { liveView } from "./views/live.ts";
import { policiesView } from "./views/policies.ts";
import { sloView } from "./views/slo.ts";

const NAV: { view: View; label: string }[] = [
  { view: "live", label: "Live decisions" },
  { view: "agents", label: "Agents" },
  { view: "fleet", label: "Fleet" },
  { view: "policies", label: "Policies" },
  { view: "slo", label: "SLOs" },
];

const root = document.getElementById("app") as HTMLElement;

/** The deployment's optional configuration (`/console/config.json`): a pinned audit key. */
async function loadConfig(): Promise<{ audit_public_key?: PinnedKey }> {
  try {
    const res = await fetch("/console/config.json", { cache: "no-store", credentials: "omit" });
    if (!res.ok) return {};
    const config = (await res.json()) as { audit_public_key?: unknown };
    return isPinnedKey(config.audit_public_key) ? { audit_public_key: config.audit_public_key } : {};
  } catch {
    return {};
  }
}

/** The pinned audit key: the configured one, else the one pinned on first use, else the server's now. */
async function pinFor(api: Api, tenant: string, configured: PinnedKey | undefined): Promise<Pin> {
  let current: PinnedKey | null = null;
  try {
    current = (await api.get<{ public_key: PinnedKey }>("/v2/audit/tree-head")).public_key;
  } catch {
    // no head yet: nothing to compare
  }
  const same = (a: PinnedKey, b: PinnedKey) => a.key_id === b.key_id && a.jwk.x === b.jwk.x;
  const mismatch = (pin: PinnedKey) => (current !== null && !same(pin, current) ? `The audit log now presents key ${current.key_id}, not the pinned ${pin.key_id}: proofs will not verify.` : null);
  if (configured !== undefined) return { key: configured, source: "config", mismatch: mismatch(configured) };
  const earlier = firstUsePin(tenant);
  if (earlier !== null) return { key: earlier, source: "first-use", mismatch: mismatch(earlier) };
  if (current === null) return { key: null, source: null, mismatch: null };
  pinFirstUse(tenant, current);
  return { key: current, source: "first-use", mismatch: null };
}

function loginForm(error = ""): void {
  const input = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
  replace(
    root,
    h(
      "main",
      { id: "main", class: "login" },
      h("h1", {}, "Nethical operator console"),
      h(
        "form",
        {
          "aria-describedby": "login-help",
          onsubmit: (e) => {
            e.preventDefault();
            storeKey(input.value.trim());
            void start();
          },
        },
        h("label", { for: "api-key" }, "API key"),
        input,
        h("p", { id: "login-help", class: "muted" }, "An operator, auditor or admin key of your tenant. It is kept in this tab's session storage only and sent only to this origin's API."),
        error === "" ? null : h("p", { class: "status bad", role: "alert" }, error),
        h("button", { type: "submit" }, "Log in"),
      ),
    ),
  );
  input.focus();
}

async function start(): Promise<void> {
  const key = storedKey();
  if (key === null || key === "") return loginForm();
  const api = new Api(key);
  let who: WhoAmI;
  try {
    who = await api.get<WhoAmI>("/v2/whoami");
  } catch (error) {
    forgetKey();
    return loginForm(`The key was refused: ${(error as Error).message}`);
  }
  const can = abilitiesOf(who.kind === "tenant" ? (who.role ?? "") : "platform");
  if (can.views.length === 0) {
    forgetKey();
    return loginForm(`A ${who.kind === "tenant" ? `${who.role ?? ""} key` : "platform key"} cannot use the console: use an operator, auditor or admin key of a tenant.`);
  }
  const config = await loadConfig();
  const pin: Pin = can.readAudit ? await pinFor(api, who.tenant ?? "", config.audit_public_key) : { key: null, source: null, mismatch: null };
  const store = new DecisionStore(api);
  let leave: (() => void)[] = [];
  const ctx: Ctx = { api, who, can, pin, store, onLeave: (stop) => leave.push(stop) };

  const main = h("main", { id: "main", tabindex: -1 });
  const nav = h("nav", { "aria-label": "Views" }, h("ul", {}, NAV.filter((n) => can.views.includes(n.view)).map((n) => h("li", {}, h("a", { href: `#/${n.view}`, "data-view": n.view }, n.label)))));
  replace(
    root,
    h("a", { class: "skip", href: "#main" }, "Skip to content"),
    h(
      "header",
      {},
      h("p", { class: "brand" }, "Nethical console"),
      h("p", { "data-testid": "whoami" }, `Tenant ${who.tenant ?? "—"} · role ${who.role ?? who.kind} · key ${who.key_id ?? ""}`),
      pin.key !== null ? h("p", { class: "muted" }, `Audit key ${pin.key.key_id} (${pin.source === "config" ? "configured" : "pinned on first use"})`) : null,
      h(
        "button",
        {
          type: "button",
          onclick: () => {
            store.stop();
            forgetKey();
            location.hash = "";
            loginForm();
          },
        },
        "Log out",
      ),
    ),
    pin.mismatch === null ? null : h("p", { class: "status bad banner", role: "alert" }, pin.mismatch),
    nav,
    main,
  );

  // On a view change focus moves to the content (screen readers announce the new view); at login it stays
  // at the top, so the first Tab reaches the skip link.
  const route = (moveFocus: boolean) => {
    for (const stop of leave) stop();
    leave = [];
    const [, view = "live", ...rest] = location.hash.replace(/^#/, "").split("/");
    for (const a of nav.querySelectorAll("a")) a.toggleAttribute("aria-current", a.dataset.view === view || (view === "decision" && a.dataset.view === "live"));
    if (view === "decision" && rest.length > 0) decisionView(ctx, main, decodeURIComponent(rest.join("/")));
    else if (view === "agents") agentsView(ctx, main);
    else if (view === "fleet") fleetView(ctx, main);
    else if (view === "policies") policiesView(ctx, main);
    else if (view === "slo") sloView(ctx, main);
    else liveView(ctx, main);
    if (moveFocus) main.focus({ preventScroll: true });
  };
  window.addEventListener("hashchange", () => route(true));
  route(false);
  await store.start(can.readAudit);
}

void start();
