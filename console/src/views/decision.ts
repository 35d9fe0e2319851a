/**
 * One decision: its explanation, obligations and violations, the violations' spans marked over the masked
 * action (the API never returns the action's text), and — for roles that read the audit trail — its
 * Merkle inclusion proof verified in this browser (WebCrypto Ed25519) against the pinned tree-head key.
 */
import { pinnedVerifier, verifyEventProof, type EventProof } from "@nethical/client";
import { ApiError } from "../api.ts";
import type { Ctx } from "../context.ts";
import { h, replace, timeCell } from "../dom.ts";
import { toRow, type DecisionRow } from "../filters.ts";
import { MASK, maskSegments } from "../spans.ts";

/** How long to wait for the event to reach the audit log (it goes through a queue). */
const PROOF_TRIES = 30;

/**
 * Render decision `id` into `main`.
 *
 * @example
 * decisionView(ctx, main, "dec_…");
 */
export function decisionView(ctx: Ctx, main: HTMLElement, id: string): void {
  let alive = true;
  ctx.onLeave(() => (alive = false));
  const details = h("div", {}, h("p", {}, "Loading…"));
  const proof = h("section", { "aria-labelledby": "proof-h" }, h("h2", { id: "proof-h" }, "Audit inclusion proof"));
  replace(main, h("p", {}, h("a", { href: "#/live" }, "← Live decisions")), h("h1", {}, "Decision ", h("code", {}, id)), details, proof);

  void (async () => {
    // A streamed decision carries everything shown; others are read from the audit trail (auditor, admin),
    // where a decision just made arrives a moment later (through the audit queue).
    let row = ctx.store.find(id);
    for (let i = 0; row === undefined && ctx.can.readAudit && i < PROOF_TRIES && alive; i++) {
      try {
        row = toRow(await ctx.api.get<Record<string, unknown>>(`/v2/decisions/${encodeURIComponent(id)}`));
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404 || i === PROOF_TRIES - 1) return replace(details, h("p", { class: "status bad", role: "alert" }, `Could not read the decision: ${(error as Error).message}`));
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!alive) return;
    if (row === undefined) return replace(details, h("p", {}, "This decision is not among those streamed to this console, and this key's role cannot read recorded decisions."));
    replace(details, decisionDetails(row));
    if (!ctx.can.readAudit) return replace(proof, h("h2", { id: "proof-h" }, "Audit inclusion proof"), h("p", {}, "Proofs are read from the audit trail, which this key's role (", ctx.who.role ?? "", ") may not read."));
    await showProof(ctx, proof, row, () => alive);
  })();
}

function decisionDetails(row: DecisionRow): HTMLElement {
  const segments = maskSegments(row.violations);
  return h(
    "div",
    {},
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Decision"),
      h("dd", {}, h("span", { class: `badge ${row.decision.toLowerCase()}`, "data-testid": "decision" }, row.decision)),
      h("dt", {}, "Agent"),
      h("dd", {}, row.agent_id),
      h("dt", {}, "Time"),
      h("dd", {}, timeCell(row.time)),
      h("dt", {}, "Risk"),
      h("dd", {}, row.risk_score?.toFixed(3) ?? "—"),
      h("dt", {}, "Policy version"),
      h("dd", {}, row.policy_version ?? "—"),
      h("dt", {}, "Laws"),
      h("dd", {}, row.laws.length === 0 ? "none" : row.laws.join(", ")),
    ),
    h("h2", {}, "Explanation"),
    h("p", { "data-testid": "explanation" }, row.explanation?.summary ?? "—"),
    (row.explanation?.decided_by ?? []).length === 0
      ? null
      : h(
          "table",
          {},
          h("caption", {}, "Decided by"),
          h("thead", {}, h("tr", {}, ...["Kind", "Id", "Decision", "Reason"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, (row.explanation?.decided_by ?? []).map((d) => h("tr", {}, h("td", {}, d.kind), h("td", {}, h("code", {}, d.id)), h("td", {}, d.decision), h("td", {}, d.reason)))),
        ),
    h("h2", {}, "Violations"),
    row.violations.length === 0
      ? h("p", {}, "None.")
      : h(
          "table",
          { "data-testid": "violations" },
          h("thead", {}, h("tr", {}, ...["#", "Law", "Category", "Finding", "Severity", "Confidence", "Field", "Spans"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            row.violations.map((v, i) =>
              h(
                "tr",
                {},
                h("td", {}, h("span", { class: `mark-key m${i % 6}` }, String(i + 1))),
                h("td", {}, String(v.law)),
                h("td", {}, v.category ?? "—"),
                h("td", {}, v.finding_type ?? v.rule ?? v.detector ?? "—"),
                h("td", {}, v.severity ?? "—"),
                h("td", { class: "num" }, v.confidence?.toFixed(2) ?? "—"),
                h("td", {}, v.field ?? "action"),
                h("td", {}, [...(v.spans ?? (v.span ? [v.span] : []))].map((s) => `[${s.start}, ${s.end})`).join(" ") || "—"),
              ),
            ),
          ),
        ),
    h("h2", {}, "Masked action"),
    h("p", { class: "muted" }, "The action's text is never stored or returned; each • stands for one character, and the marked runs are the violations' spans (numbered as above)."),
    segments.length === 0
      ? h("p", {}, "No spans.")
      : h(
          "p",
          { class: "masked", "data-testid": "masked-action", "aria-label": `Masked action, ${segments.at(-1)!.end} characters, ${segments.filter((s) => s.marks.length > 0).length} marked runs` },
          segments.map((s) =>
            s.marks.length === 0
              ? MASK.repeat(s.end - s.start)
              : h("mark", { class: `m${s.marks[0]! % 6}`, title: `violations ${s.marks.map((m) => m + 1).join(", ")}: characters ${s.start}–${s.end}` }, MASK.repeat(s.end - s.start)),
          ),
        ),
  );
}

async function showProof(ctx: Ctx, section: HTMLElement, row: DecisionRow, alive: () => boolean): Promise<void> {
  const status = h("p", { role: "status", "data-testid": "proof-status", class: "status" }, "Fetching the proof…");
  replace(section, h("h2", { id: "proof-h" }, "Audit inclusion proof"), status);
  if (ctx.pin.key === null) {
    status.textContent = "No audit key is pinned: the proof cannot be verified.";
    status.className = "status bad";
    return;
  }
  let proof: EventProof | null = null;
  for (let i = 0; i < PROOF_TRIES && proof === null && alive(); i++) {
    try {
      proof = await ctx.api.get<EventProof>(`/v2/audit/${encodeURIComponent(row.event_id || row.decision_id)}`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) {
        status.textContent = `Could not read the proof: ${(error as Error).message}`;
        status.className = "status bad";
        return;
      }
      status.textContent = "Waiting for the event to reach the audit log…";
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!alive()) return;
  if (proof === null) {
    status.textContent = "The event is not in the audit log yet.";
    status.className = "status bad";
    return;
  }
  const verification = await verifyEventProof(proof, pinnedVerifier(ctx.pin.key));
  const event = proof.event as { decision_id?: string; event_id?: string };
  const sameDecision = event.event_id === row.event_id || event.decision_id === row.decision_id;
  const ok = verification.ok && sameDecision;
  status.textContent = ok
    ? "Verified in this browser: the tree head's Ed25519 signature checks against the pinned key, and the event's leaf hash leads to the signed root."
    : `NOT verified: ${verification.ok ? "the proof is for another event" : verification.reason}`;
  status.className = `status ${ok ? "good" : "bad"}`;
  status.dataset.verified = String(ok);
  section.append(
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Pinned key"),
      h("dd", {}, h("code", {}, ctx.pin.key.key_id), ` (${ctx.pin.source === "config" ? "from the console's configuration" : "pinned on first use in this browser"})`),
      h("dt", {}, "Tree size"),
      h("dd", {}, String(proof.tree_head.tree_size)),
      h("dt", {}, "Leaf index"),
      h("dd", {}, String(proof.leaf_index)),
      h("dt", {}, "Proof length"),
      h("dd", {}, `${proof.inclusion_proof.length} hashes`),
      h("dt", {}, "Root"),
      h("dd", {}, h("code", { class: "hash" }, proof.tree_head.root_hash)),
    ),
  );
}
