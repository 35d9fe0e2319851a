/**
 * Agents: the state of each agent seen in the live decisions (or looked up by id): counters, strikes,
 * sticky TERMINATE and its reason, reinstatements; operators and admins reinstate with a reason.
 */
import type { Ctx } from "../context.ts";
import { h, replace, timeCell } from "../dom.ts";

/** `GET /v2/agents/{id}` (the fields shown). */
interface AgentView {
  agent_id: string;
  requests: number;
  violations: number;
  strikes: number;
  decisions: Record<"ALLOW" | "RESTRICT" | "BLOCK" | "TERMINATE", number>;
  terminated: boolean;
  terminated_reason: string | null;
  terminated_at: string | null;
  policy: { seq: number; hash: string } | null;
  last_seen: string;
  reinstatements: { at: string; operator_key_id: string; reason: string }[];
}

/**
 * Render the agents view into `main`.
 *
 * @example
 * agentsView(ctx, main);
 */
export function agentsView(ctx: Ctx, main: HTMLElement): void {
  const extra = new Set<string>();
  const body = h("tbody");
  const message = h("p", { role: "status", class: "status" });
  const lookup = h("input", { type: "search", id: "agent-lookup", autocomplete: "off", required: true, maxlength: 256 });
  replace(
    main,
    h("h1", {}, "Agents"),
    h("p", { class: "muted" }, "Agents seen in the live decisions, and any looked up by id."),
    h(
      "form",
      {
        class: "filters",
        onsubmit: (e) => {
          e.preventDefault();
          const id = lookup.value.trim();
          if (id !== "") extra.add(id);
          void refresh();
        },
      },
      h("label", { for: "agent-lookup" }, "Agent id "),
      lookup,
      h("button", { type: "submit" }, "Look up"),
    ),
    message,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { "data-testid": "agents" },
        h("caption", { class: "sr-only" }, "Agents and their state"),
        h("thead", {}, h("tr", {}, ...["Agent", "State", "Requests", "Violations", "Strikes", "ALLOW / RESTRICT / BLOCK / TERMINATE", "Policy seq", "Last seen", "Action"].map((t) => h("th", { scope: "col" }, t)))),
        body,
      ),
    ),
  );

  async function refresh(): Promise<void> {
    const ids = [...new Set([...ctx.store.agents, ...extra])].sort().slice(0, 50);
    const views = await Promise.all(ids.map(async (id) => ({ id, view: await ctx.api.get<AgentView>(`/v2/agents/${encodeURIComponent(id)}`).catch((e: Error) => e) })));
    replace(body, views.length === 0 ? h("tr", {}, h("td", { colspan: 9 }, "No agents yet.")) : views.map(({ id, view }) => agentRow(id, view)));
  }

  function agentRow(id: string, view: AgentView | Error): HTMLElement {
    if (view instanceof Error) return h("tr", {}, h("td", {}, id), h("td", { colspan: 8 }, view.message));
    const d = view.decisions;
    return h(
      "tr",
      { "data-agent-id": id },
      h("td", {}, id),
      h("td", {}, view.terminated ? h("span", { class: "badge terminate", title: view.terminated_reason ?? "" }, "TERMINATED") : h("span", { class: "badge allow" }, "active"), view.terminated && view.terminated_at ? [" since ", timeCell(view.terminated_at)] : null),
      h("td", { class: "num" }, String(view.requests)),
      h("td", { class: "num" }, String(view.violations)),
      h("td", { class: "num" }, String(view.strikes)),
      h("td", { class: "num" }, `${d.ALLOW} / ${d.RESTRICT} / ${d.BLOCK} / ${d.TERMINATE}`),
      h("td", { class: "num" }, view.policy === null ? "—" : String(view.policy.seq)),
      h("td", {}, view.last_seen ? timeCell(view.last_seen) : "—"),
      h("td", {}, view.terminated && ctx.can.reinstate ? reinstateForm(id) : view.reinstatements.length > 0 ? `reinstated ${view.reinstatements.length}×` : ""),
    );
  }

  function reinstateForm(id: string): HTMLElement {
    const inputId = `reason-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    const reason = h("input", { id: inputId, name: "reason", required: true, minlength: 1, maxlength: 500, autocomplete: "off" });
    return h(
      "form",
      {
        class: "inline",
        "aria-label": `Reinstate ${id}`,
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            const res = await ctx.api.post<{ cloud: string; control: { seq: number } }>(`/v2/agents/${encodeURIComponent(id)}/reinstate`, { reason: reason.value.trim() });
            message.textContent = `Reinstated ${id} (cloud: ${res.cloud}, control seq ${res.control.seq}).`;
            message.className = "status good";
          } catch (error) {
            message.textContent = `Reinstating ${id} failed: ${(error as Error).message}`;
            message.className = "status bad";
          }
          await refresh();
        },
      },
      h("label", { for: inputId }, "Reason "),
      reason,
      h("button", { type: "submit" }, "Reinstate"),
    );
  }

  ctx.onLeave(ctx.store.subscribe(() => {
    if ([...ctx.store.agents].some((a) => body.querySelector(`[data-agent-id="${CSS.escape(a)}"]`) === null)) void refresh();
  }));
  const timer = setInterval(() => {
    if (main.querySelector("form.inline input:focus") === null) void refresh();
  }, 10_000);
  ctx.onLeave(() => clearInterval(timer));
  void refresh();
}
