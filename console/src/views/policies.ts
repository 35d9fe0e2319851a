/**
 * Policies: every policy with its versions (lifecycle status, canary share, signed seq, author, note);
 * operators and admins move a version through its lifecycle; any version's static analysis (the same
 * analyzePolicy the Worker and `nethical lint` run, loaded on demand) and a diff between two versions.
 */
import type { Ctx } from "../context.ts";
import { h, replace } from "../dom.ts";
import { lineDiff, stableJson } from "../line-diff.ts";

/** A policy version (`GET /v2/policies`). */
interface PolicyVersion {
  policy_id: string;
  version: number;
  status: "quarantine" | "canary" | "active" | "deprecated";
  hash: string;
  canary_percent: number | null;
  seq: number | null;
  author: string | null;
  note: string | null;
  policy?: unknown;
}

const TARGETS = ["quarantine", "canary", "active", "deprecated"] as const;

/**
 * Render the policies view into `main`.
 *
 * @example
 * policiesView(ctx, main);
 */
export function policiesView(ctx: Ctx, main: HTMLElement): void {
  const list = h("div", {}, h("p", {}, "Loading…"));
  const message = h("p", { role: "status", class: "status" });
  const output = h("section", { "aria-live": "polite", "data-testid": "policy-output" });
  replace(main, h("h1", {}, "Policies"), message, list, output);

  async function refresh(): Promise<void> {
    try {
      const { policies } = await ctx.api.get<{ policies: { policy_id: string; versions: PolicyVersion[] }[] }>("/v2/policies");
      replace(list, policies.length === 0 ? h("p", {}, "No policy versions published yet.") : policies.map((p) => policyBlock(p.policy_id, p.versions)));
    } catch (error) {
      replace(list, h("p", { class: "status bad", role: "alert" }, `Could not read the policies: ${(error as Error).message}`));
    }
  }

  function policyBlock(id: string, versions: PolicyVersion[]): HTMLElement {
    const canary = versions.find((v) => v.status === "canary");
    const active = versions.find((v) => v.status === "active");
    const slug = id.replace(/[^A-Za-z0-9_-]/g, "_");
    const from = h("select", { id: `diff-from-${slug}` }, versions.map((v) => h("option", { value: v.version }, `v${v.version}`)));
    const to = h("select", { id: `diff-to-${slug}` }, versions.map((v, i) => h("option", { value: v.version, selected: i === versions.length - 1 }, `v${v.version}`)));
    return h(
      "section",
      { class: "policy", "aria-labelledby": `p-${slug}` },
      h("h2", { id: `p-${slug}` }, id),
      h("p", {}, `Active: ${active ? `v${active.version} (seq ${active.seq ?? "—"})` : "none"}; canary: ${canary ? `v${canary.version} serves ${canary.canary_percent ?? 0}% of agents` : "none"}.`),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { "data-testid": `versions-${id}` },
          h("caption", { class: "sr-only" }, `Versions of ${id}`),
          h("thead", {}, h("tr", {}, ...["Version", "Status", "Canary share", "Seq", "Author", "Note", "Hash", "Analysis", "Transition"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            versions.map((v) =>
              h(
                "tr",
                { "data-version": v.version },
                h("td", {}, `v${v.version}`),
                h("td", {}, h("span", { class: `badge status-${v.status}`, "data-testid": "status" }, v.status)),
                h("td", { class: "num" }, v.canary_percent === null ? "—" : `${v.canary_percent}%`),
                h("td", { class: "num" }, v.seq === null ? "—" : String(v.seq)),
                h("td", {}, v.author ?? "—"),
                h("td", {}, v.note ?? ""),
                h("td", {}, h("code", { class: "hash", title: v.hash }, v.hash.slice(0, 12))),
                h("td", {}, h("button", { type: "button", onclick: () => void analyse(id, v.version) }, "Analyse")),
                h("td", {}, ctx.can.transition ? transitionForm(id, v) : "—"),
              ),
            ),
          ),
        ),
      ),
      versions.length < 2
        ? null
        : h(
            "form",
            {
              class: "filters",
              "aria-label": `Diff versions of ${id}`,
              onsubmit: (e) => {
                e.preventDefault();
                void diff(id, Number(from.value), Number(to.value));
              },
            },
            h("label", { for: from.id }, "Diff from "),
            from,
            h("label", { for: to.id }, " to "),
            to,
            h("button", { type: "submit" }, "Show diff"),
          ),
    );
  }

  function transitionForm(id: string, v: PolicyVersion): HTMLElement {
    const slug = `${id}-${v.version}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const target = h("select", { id: `to-${slug}`, name: "to" }, TARGETS.filter((t) => t !== v.status).map((t) => h("option", { value: t }, t)));
    const percent = h("input", { id: `pct-${slug}`, name: "canary_percent", type: "number", min: 1, max: 99, step: "any", value: 10, class: "narrow" });
    return h(
      "form",
      {
        class: "inline",
        "aria-label": `Transition ${id} v${v.version}`,
        onsubmit: async (e) => {
          e.preventDefault();
          const body = target.value === "canary" ? { to: target.value, canary_percent: Number(percent.value) } : { to: target.value };
          try {
            const res = await ctx.api.post<{ version: PolicyVersion }>(`/v2/policies/${encodeURIComponent(id)}/versions/${v.version}/transition`, body);
            message.textContent = `${id} v${v.version} is now ${res.version.status}${res.version.canary_percent !== null ? ` (${res.version.canary_percent}%)` : ""}.`;
            message.className = "status good";
          } catch (error) {
            message.textContent = `Transition of ${id} v${v.version} refused: ${(error as Error).message}`;
            message.className = "status bad";
          }
          await refresh();
        },
      },
      h("label", { for: target.id }, "To "),
      target,
      h("label", { for: percent.id }, " % "),
      percent,
      h("button", { type: "submit" }, "Apply"),
    );
  }

  async function documents(id: string): Promise<Map<number, unknown>> {
    const { versions } = await ctx.api.get<{ versions: PolicyVersion[] }>(`/v2/policies/${encodeURIComponent(id)}?include=policy`);
    return new Map(versions.map((v) => [v.version, v.policy]));
  }

  async function analyse(id: string, version: number): Promise<void> {
    replace(output, h("h2", {}, `Analysis of ${id} v${version}`), h("p", {}, "Analysing…"));
    try {
      const [docs, { analyzePolicy }] = await Promise.all([documents(id), import("@nethical/core/analysis/analyze.ts")]);
      const report = analyzePolicy(docs.get(version));
      replace(
        output,
        h("h2", {}, `Analysis of ${id} v${version}`),
        h("p", { class: `status ${report.ok ? "good" : "bad"}` }, report.ok ? `No errors; ${report.findings.length} finding(s).` : "Errors: this version cannot be transitioned."),
        report.findings.length === 0
          ? null
          : h(
              "table",
              { "data-testid": "findings" },
              h("thead", {}, h("tr", {}, ...["Severity", "Code", "Path", "Message"].map((t) => h("th", { scope: "col" }, t)))),
              h("tbody", {}, report.findings.slice(0, 100).map((f) => h("tr", {}, h("td", {}, f.severity), h("td", {}, h("code", {}, f.code)), h("td", {}, h("code", {}, f.path || "(root)")), h("td", {}, f.message)))),
            ),
      );
    } catch (error) {
      replace(output, h("p", { class: "status bad", role: "alert" }, `Analysis failed: ${(error as Error).message}`));
    }
  }

  async function diff(id: string, a: number, b: number): Promise<void> {
    try {
      const docs = await documents(id);
      const lines = lineDiff(stableJson(docs.get(a) ?? null), stableJson(docs.get(b) ?? null));
      const changed = lines.filter((l) => l.op !== " ").length;
      replace(
        output,
        h("h2", {}, `Diff of ${id}: v${a} → v${b}`),
        h("p", {}, changed === 0 ? "The documents are the same." : `${changed} changed line(s).`),
        h("pre", { class: "diff", "data-testid": "diff", tabindex: 0, "aria-label": `Diff of ${id} v${a} to v${b}` }, lines.map((l) => h("span", { class: l.op === "+" ? "add" : l.op === "-" ? "del" : "same" }, `${l.op} ${l.text}\n`))),
      );
    } catch (error) {
      replace(output, h("p", { class: "status bad", role: "alert" }, `Diff failed: ${(error as Error).message}`));
    }
  }

  void refresh();
}
