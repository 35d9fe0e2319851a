/**
 * workers/dashboards/nethical.json against the Worker's exports: the exported names come from rendering one sample of
 * every metric definition with the real exposition code and parsing it (not from a list written here); every
 * dashboard query must be PromQL and select only those names; a planted unknown metric, a misspelt histogram
 * suffix and broken PromQL are caught.
 */
import { describe, expect, it } from "vitest";
import { LATENCY_BUCKET_COUNT } from "@nethical/durable-objects/metrics-store/buckets";
import dashboard from "@nethical/workers/dashboards/nethical.json";
import { dashboardProblems, dashboardQueries } from "./dashboard-check.ts";
import { METRIC_DEFINITIONS } from "./definitions.ts";
import { renderExposition, type TenantMetrics } from "./exposition.ts";
import { expositionProblems, parseExposition, selectableNames } from "./testing.ts";

/** One tenant with one sample of every defined metric. */
function oneOfEach(): TenantMetrics {
  const labelsOf = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, "x"]));
  const counters = METRIC_DEFINITIONS.filter((d) => d.kind === "counter").map((d) => ({ name: d.store, labels: labelsOf(d.labels), value: 1 }));
  const histograms = METRIC_DEFINITIONS.filter((d) => d.kind === "histogram").map((d) => ({ name: d.store, labels: labelsOf(d.labels), counts: new Array<number>(LATENCY_BUCKET_COUNT).fill(1), sum: 1, count: LATENCY_BUCKET_COUNT }));
  const gauges = Object.fromEntries(METRIC_DEFINITIONS.filter((d) => d.kind === "gauge").map((d) => [d.store, [{ labels: labelsOf(d.labels), value: 1 }]]));
  return { tenant: "t", snapshot: { counters, histograms }, gauges };
}

const exported = selectableNames(parseExposition(renderExposition([oneOfEach()])).families);

describe("workers/dashboards/nethical.json", () => {
  it("exports one family per metric definition", () => {
    const text = renderExposition([oneOfEach()]);
    expect(expositionProblems(text)).toEqual([]);
    expect(parseExposition(text).families.map((f) => f.name).sort()).toEqual(METRIC_DEFINITIONS.map((d) => (d.kind === "counter" ? `${d.name}_total` : d.name)).sort());
  });

  it("queries only metrics the Worker exports, in valid PromQL", () => {
    expect(dashboardQueries(dashboard).length).toBeGreaterThanOrEqual(12);
    expect(dashboardProblems(dashboard, exported)).toEqual([]);
  });

  it("uses every exported metric family at least once", () => {
    const used = new Set(dashboardQueries(dashboard).flatMap((q) => q.expr.match(/nethical_[a-z_]+/g) ?? []));
    for (const d of METRIC_DEFINITIONS) expect([...used].some((n) => n.startsWith(d.name)), d.name).toBe(true);
  });

  it("catches a planted unknown metric, a wrong histogram suffix and broken PromQL", () => {
    const planted = {
      panels: [
        { title: "planted", targets: [{ refId: "A", expr: 'sum(rate(nethical_decisions_total{tenant=~"$tenant"}[$__rate_interval])) + sum(nethical_made_up_total)' }] },
        { title: "suffix", targets: [{ refId: "A", expr: "histogram_quantile(0.9, sum by (le) (rate(nethical_request_duration_seconds[5m])))" }] },
        { title: "broken", targets: [{ refId: "A", expr: "sum(rate(nethical_decisions_total[5m]" }] },
      ],
    };
    const problems = dashboardProblems(planted, exported);
    expect(problems).toContain("panel 'planted' A: unknown metric nethical_made_up_total");
    expect(problems).toContain("panel 'suffix' A: unknown metric nethical_request_duration_seconds");
    expect(problems.some((p) => p.startsWith("panel 'broken' A: not valid PromQL"))).toBe(true);
  });

  it("the exposition check catches what the parser lets through", () => {
    expect(expositionProblems("nethical_x 1\n")).toEqual(["line 1: sample of a family without # TYPE: nethical_x"]);
    expect(expositionProblems("# TYPE c counter\nc{a=\"1\" 2\n")).toEqual(['line 2: not a sample line: c{a="1" 2']);
    const histogram = '# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_count 4\n';
    expect(expositionProblems(histogram)).toEqual(["h: buckets not cumulative", "h: +Inf bucket is not _count"]);
  });
});
