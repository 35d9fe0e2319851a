/**
 * Live decisions and violations: the stream's decisions, newest first, filtered by agent, decision, law and
 * time; each row opens the decision's page.
 */
import type { Ctx } from "../context.ts";
import { h, replace, timeCell } from "../dom.ts";
import { matches, type Filters } from "../filters.ts";

const STATE_TEXT = { connecting: "Connecting…", live: "Live (stream)", reconnecting: "Reconnecting…", stopped: "Stopped" } as const;

/**
 * Render the live view into `main`.
 *
 * @example
 * liveView(ctx, main);
 */
export function liveView(ctx: Ctx, main: HTMLElement): void {
  const filters: Filters = { agent: "", decision: "", law: "", minutes: "" };
  const status = h("p", { class: "status", role: "status", "data-testid": "stream-state" });
  const count = h("p", { class: "muted", "aria-live": "off" });
  const body = h("tbody");
  const input = (name: keyof Filters) => (event: Event) => {
    filters[name] = (event.target as HTMLInputElement | HTMLSelectElement).value.trim();
    render();
  };
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filter decisions", onsubmit: (e) => e.preventDefault() },
    h("label", {}, "Agent ", h("input", { type: "search", name: "agent", autocomplete: "off", oninput: input("agent") })),
    h(
      "label",
      {},
      "Decision ",
      h("select", { name: "decision", onchange: input("decision") }, h("option", { value: "" }, "Any"), ...["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"].map((d) => h("option", { value: d }, d))),
    ),
    h("label", {}, "Law ", h("input", { type: "number", name: "law", min: 1, max: 25, inputmode: "numeric", oninput: input("law") })),
    h(
      "label",
      {},
      "Time ",
      h("select", { name: "minutes", onchange: input("minutes") }, h("option", { value: "" }, "Any time"), h("option", { value: "5" }, "Last 5 min"), h("option", { value: "15" }, "Last 15 min"), h("option", { value: "60" }, "Last hour")),
    ),
  );
  const table = h(
    "table",
    { "data-testid": "decisions" },
    h("caption", { class: "sr-only" }, "Decisions, newest first"),
    h("thead", {}, h("tr", {}, ...["Time", "Agent", "Decision", "Laws", "Risk", "Explanation"].map((t) => h("th", { scope: "col" }, t)), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Details")))),
    body,
  );
  replace(main, h("h1", {}, "Live decisions"), status, form, count, h("div", { class: "scroll" }, table));

  function render(): void {
    status.textContent = STATE_TEXT[ctx.store.state];
    status.className = `status ${ctx.store.state}`;
    const rows = ctx.store.rows.filter((r) => matches(r, filters, Date.now()));
    count.textContent = `${rows.length} of ${ctx.store.rows.length} decisions held`;
    replace(
      body,
      rows.slice(0, 200).map((r) =>
        h(
          "tr",
          { "data-decision-id": r.decision_id },
          h("td", {}, timeCell(r.time)),
          h("td", {}, r.agent_id),
          h("td", {}, h("span", { class: `badge ${r.decision.toLowerCase()}` }, r.decision)),
          h("td", {}, r.laws.length === 0 ? "—" : r.laws.join(", ")),
          h("td", { class: "num" }, r.risk_score === undefined ? "—" : r.risk_score.toFixed(2)),
          h("td", { class: "summary" }, r.explanation?.summary ?? ""),
          h("td", {}, h("a", { href: `#/decision/${encodeURIComponent(r.decision_id)}`, "aria-label": `Open decision ${r.decision_id}` }, "Open")),
        ),
      ),
    );
  }
  ctx.onLeave(ctx.store.subscribe(render));
  const tick = setInterval(render, 15_000); // the time filter moves on
  ctx.onLeave(() => clearInterval(tick));
  render();
}
