/**
 * SLOs: the tenant's profile and objectives, burn rates per window, firing alerts, open breach episodes and
 * breakers (`GET /v2/slo`), and two uPlot charts over the time this page is open: request-latency p50/p95/p99
 * (from the cumulative histogram of `GET /v2/metrics`, between polls) and the 1 h error-budget burn rate
 * of each objective.
 */
import uPlot from "uplot";
import type { Ctx } from "../context.ts";
import { h, replace } from "../dom.ts";
import { bucketDelta, parseBuckets, quantileMs, type Buckets } from "../histogram.ts";

/** How often the charts take a point. */
export const POLL_MS = 5_000;
/** Points kept per chart (one hour at the poll interval). */
const MAX_POINTS = 720;
const HISTOGRAM = "nethical_request_duration_seconds";
const OBJECTIVES = ["p50", "p95", "p99", "availability"] as const;
/** The time axis shows at least the last five minutes (one point alone would otherwise span years). */
const X_SCALE: uPlot.Scale = { time: true, range: (_u, min, max) => (max - min < 300 ? [max - 300, max + 5] : [min, max]) };
const WINDOWS = ["5m", "30m", "1h", "6h"] as const;

/** `GET /v2/slo` (the fields shown). */
interface SloStatus {
  setting: { profile: { name: string; description: string; decision_budget_ms: number }; updated_at: string | null };
  objectives: { objective: string; target: number; threshold_ms: number | null }[];
  requests: Record<string, number>;
  burn_rates: Record<string, Record<string, number | null>>;
  alerts: { alert: string; long: string; short: string; burn_rate: number; firing: boolean; objectives: string[] }[];
  open_episodes: { id: number; alert: string; started_at: string }[];
  breakers: { kv: string; policy_store: string; agent_state_not_closed: { agent_id: string; state: string }[] };
}

/** Series kept while the view is open: time (s) and values (null: no request in that interval). */
interface Series {
  t: number[];
  values: (number | null)[][];
}

/**
 * Render the SLO view into `main`.
 *
 * @example
 * sloView(ctx, main);
 */
export function sloView(ctx: Ctx, main: HTMLElement): void {
  const status = h("div", {}, h("p", {}, "Loading…"));
  const latencyBox = h("figure", { class: "chart", role: "img", "aria-label": "Request latency percentiles over time (milliseconds)", "data-testid": "latency-chart" });
  const burnBox = h("figure", { class: "chart", role: "img", "aria-label": "Error-budget burn rate over one hour windows, per objective", "data-testid": "burn-chart" });
  const latencyNote = h("p", { class: "muted" });
  replace(
    main,
    h("h1", {}, "Service level objectives"),
    status,
    h("h2", {}, "Latency percentiles"),
    latencyNote,
    latencyBox,
    h("h2", {}, "Error-budget burn (1 h window)"),
    h("p", { class: "muted" }, "1 = spending the 30-day budget exactly on time; the fast-burn alert fires at 14.4."),
    burnBox,
  );

  const latency: Series = { t: [], values: [[], [], []] };
  const burn: Series = { t: [], values: OBJECTIVES.map(() => []) };
  let previous: Buckets | null = null;
  const width = () => Math.max(320, Math.min(960, main.clientWidth - 16));
  const latencyPlot = new uPlot(
    { width: width(), height: 220, scales: { x: X_SCALE }, axes: [{}, { label: "ms" }], series: [{}, { label: "p50", stroke: "#1f6feb" }, { label: "p95", stroke: "#9a6700" }, { label: "p99", stroke: "#cf222e" }] },
    [[], [], [], []],
    latencyBox,
  );
  const burnPlot = new uPlot(
    {
      width: width(),
      height: 220,
      scales: { x: X_SCALE },
      axes: [{}, { label: "burn rate" }],
      series: [{}, ...OBJECTIVES.map((o, i) => ({ label: o, stroke: ["#1f6feb", "#9a6700", "#cf222e", "#1a7f37"][i]! }))],
    },
    [[], [], [], [], []],
    burnBox,
  );
  ctx.onLeave(() => {
    latencyPlot.destroy();
    burnPlot.destroy();
  });

  function push(series: Series, t: number, values: (number | null)[]): void {
    series.t.push(t);
    values.forEach((v, i) => series.values[i]!.push(v));
    if (series.t.length > MAX_POINTS) {
      series.t.shift();
      for (const s of series.values) s.shift();
    }
  }

  async function poll(): Promise<void> {
    const t = Date.now() / 1000;
    try {
      const slo = await ctx.api.get<SloStatus>("/v2/slo");
      replace(status, sloTables(slo));
      push(burn, t, OBJECTIVES.map((o) => slo.burn_rates["1h"]?.[o] ?? null));
      burnPlot.setData([burn.t, ...burn.values] as uPlot.AlignedData);
    } catch (error) {
      replace(status, h("p", { class: "status bad", role: "alert" }, `Could not read the SLO: ${(error as Error).message}`));
    }
    try {
      const current = parseBuckets(await ctx.api.text("/v2/metrics"), HISTOGRAM);
      // The first point: every request the tenant's metrics hold; then each point covers one poll interval.
      const delta = previous === null ? current : bucketDelta(previous, current);
      const n = Math.max(0, ...delta.values());
      push(latency, t, [0.5, 0.95, 0.99].map((q) => quantileMs(delta, q)));
      latencyPlot.setData([latency.t, ...latency.values] as uPlot.AlignedData);
      latencyNote.textContent = `The first point: all requests recorded so far; then every ${POLL_MS / 1000} s, the requests answered since the previous point (last point: ${n} requests).`;
      latencyNote.dataset.requests = String(n);
      previous = current;
    } catch (error) {
      latencyNote.textContent = `Could not read the metrics: ${(error as Error).message}`;
    }
  }
  const timer = setInterval(() => void poll(), POLL_MS);
  ctx.onLeave(() => clearInterval(timer));
  void poll();
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : v.toFixed(2);
}

function sloTables(slo: SloStatus): HTMLElement {
  const firing = slo.alerts.filter((a) => a.firing);
  return h(
    "div",
    {},
    h("p", { class: `status ${firing.length > 0 ? "bad" : "good"}`, role: "status" }, firing.length > 0 ? `Firing: ${firing.map((a) => `${a.alert} (${a.objectives.join(", ")}, burn ${a.burn_rate})`).join("; ")}` : "No burn-rate alert firing."),
    h("p", {}, `Profile: ${slo.setting.profile.name} (${slo.setting.profile.description}; decision budget ${slo.setting.profile.decision_budget_ms} ms). Requests: ${WINDOWS.map((w) => `${slo.requests[w] ?? 0} in ${w}`).join(", ")}. Open breach episodes: ${slo.open_episodes.length}. Breakers: KV ${slo.breakers.kv}, policy store ${slo.breakers.policy_store}, ${slo.breakers.agent_state_not_closed.length} agent(s) not closed.`),
    h(
      "table",
      { "data-testid": "burn-rates" },
      h("caption", {}, "Objectives and burn rates per window"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Objective"), h("th", { scope: "col" }, "Target"), ...WINDOWS.map((w) => h("th", { scope: "col" }, `Burn ${w}`)))),
      h(
        "tbody",
        {},
        slo.objectives.map((o) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, o.objective),
            h("td", {}, o.threshold_ms === null ? `${(o.target * 100).toFixed(2)}%` : `${(o.target * 100).toFixed(1)}% ≤ ${o.threshold_ms} ms`),
            ...WINDOWS.map((w) => h("td", { class: "num" }, fmt(slo.burn_rates[w]?.[o.objective]))),
          ),
        ),
      ),
    ),
  );
}
