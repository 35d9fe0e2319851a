/**
 * Checking a Grafana dashboard against the metrics the Worker exports: every PromQL query (panel targets,
 * and `label_values(<selector>, label)` template variables) is parsed with the Prometheus project's own
 * PromQL grammar (@prometheus-io/lezer-promql), and every metric name it selects must be one the exposition
 * has. Grafana's variables are replaced before parsing (`$__rate_interval` by a duration, `$tenant` inside
 * label values stays text).
 */
import { parser } from "@prometheus-io/lezer-promql";

/** One query of a dashboard and where it is. */
export interface DashboardQuery {
  where: string;
  expr: string;
}

interface PanelLike {
  title?: string;
  targets?: { expr?: string; refId?: string }[];
  panels?: PanelLike[];
}

interface DashboardLike {
  panels?: PanelLike[];
  templating?: { list?: { name?: string; query?: string | { query?: string } }[] };
}

/**
 * Every PromQL query of `dashboard` (rows' panels included).
 *
 * @example
 * dashboardQueries(dashboard); // [{ where: "panel 'Decisions by outcome' A", expr: "sum by (decision) (…)" }, …]
 */
export function dashboardQueries(dashboard: DashboardLike): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  const walk = (panels: readonly PanelLike[]) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) if (typeof t.expr === "string") out.push({ where: `panel '${p.title ?? "?"}' ${t.refId ?? ""}`.trim(), expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk(dashboard.panels ?? []);
  for (const v of dashboard.templating?.list ?? []) {
    const raw = typeof v.query === "string" ? v.query : v.query?.query;
    const inner = raw === undefined ? null : /^label_values\((.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/.exec(raw.trim());
    if (inner?.[1] !== undefined) out.push({ where: `variable '${v.name ?? "?"}'`, expr: inner[1] });
  }
  return out;
}

/**
 * The metric names `expr` selects, and whether it parsed as PromQL (no error node).
 *
 * @example
 * metricNamesOf('rate(nethical_decisions_total{tenant=~"$tenant"}[$__rate_interval])');
 * // { names: ["nethical_decisions_total"], valid: true }
 */
export function metricNamesOf(expr: string): { names: string[]; valid: boolean } {
  const text = expr.replace(/\$__(rate_interval|interval|range)\b/g, "5m").replace(/\$\{?__\w+\}?/g, "5m");
  const tree = parser.parse(text);
  const names: string[] = [];
  let valid = true;
  tree.iterate({
    enter(node) {
      if (node.type.isError) valid = false;
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id === null) valid = false; // {__name__=…} selectors are not used: a name must be visible
        else names.push(text.slice(id.from, id.to));
      }
    },
  });
  return { names, valid };
}

/**
 * Problems of `dashboard` against the `exported` metric names: queries that are not PromQL, and metric
 * names the Worker does not export. Empty when the dashboard is sound.
 *
 * @example
 * dashboardProblems(dashboard, new Set(["nethical_decisions_total"])); // ["panel 'X' A: unknown metric nethical_foo"]
 */
export function dashboardProblems(dashboard: DashboardLike, exported: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const q of dashboardQueries(dashboard)) {
    const { names, valid } = metricNamesOf(q.expr);
    if (!valid) problems.push(`${q.where}: not valid PromQL: ${q.expr}`);
    if (names.length === 0) problems.push(`${q.where}: selects no metric: ${q.expr}`);
    for (const n of names) if (!exported.has(n)) problems.push(`${q.where}: unknown metric ${n}`);
  }
  return problems;
}
