/**
 * The safety case as data (issue 18 part 4): each safety property with the proof (SMT, cli/src/prove/), the
 * model check (SPIN, verification/sync/), the runtime monitor (shared/src/monitor/ and its adapters) and the
 * tests that cover it. docs/SAFETY.md is generated from this file (`npm run safety:doc`);
 * verification/safety-doc.test.ts fails when the doc is stale, a cited file is missing, or a cited test name
 * is not in its test file — so the document cannot drift from the code. `null` means "not covered", and
 * `gaps` says why, honestly.
 */

/** A test: its file and its name as written there (or an id the file builds its test names from). */
export interface TestRef {
  file: string;
  name: string;
  /** Files the name may be written in instead (test names built from data: SPIN checks and mutants). */
  definedIn?: string[];
}

/** One kind of evidence: what it establishes, where it lives, and the tests that run it. */
export interface Evidence {
  what: string;
  files: string[];
  tests: TestRef[];
}

export interface SafetyProperty {
  id: string;
  title: string;
  statement: string;
  proof: Evidence | null;
  modelCheck: Evidence | null;
  monitor: Evidence | null;
  /** Other tests (unit, workerd, device, end to end). */
  tests: TestRef[];
  /** What is not covered, and why. */
  gaps: string[];
}

const SPIN_TEST = "verification/sync/spin.test.ts";
const spin = (name: string): TestRef => ({ file: SPIN_TEST, name, definedIn: ["verification/sync/mutants.ts"] });
const PROVE_TEST = "cli/src/prove/prove.test.ts";
const MON_CORE = "shared/src/monitor/agent-monitor.test.ts";
const MON_LOG = "shared/src/monitor/log-monitor.test.ts";
const MON_AS = "durable-objects/src/agent-state/monitor.test.ts";
const MON_AL = "durable-objects/src/audit-log/monitor.test.ts";
const MON_DEV = "edge-device/src/governor/monitor.test.ts";

export const SAFETY_PROPERTIES: readonly SafetyProperty[] = [
  {
    id: "P1",
    title: "No ALLOW after TERMINATE",
    statement: "Once an agent is terminated, every decision for it at that decision point is TERMINATE until a reinstatement is recorded.",
    proof: {
      what: "Policy level only: no tenant policy can weaken the law pack, whose rules include sticky TERMINATE (law-preservation, for this policy and for every policy of up to 8 symbolic rules).",
      files: ["cli/src/prove/prove.ts"],
      tests: [
        { file: PROVE_TEST, name: "finds the law-weakening attempt, shows it fail under evaluate, and proves law preservation" },
        { file: PROVE_TEST, name: "gives a counterexample for this policy and for every policy" },
      ],
    },
    modelCheck: {
      what: "Sync protocol: a TERMINATE pushed before a reconnect is eventually applied on the device (ltl terminate_kept); fleet controls are applied at most once and in order (assertions).",
      files: ["verification/sync/sync.pml"],
      tests: [spin("L-terminate_kept"), spin("S-safety"), spin("M4-no-control-resend"), spin("M5-control-seq-not-persisted")],
    },
    monitor: {
      what: "AgentMonitor (per agent: terminated flag vs every stored row read and every decision) in the AgentState critical section and the device governor; LogDecisionMonitor over appended audit leaves per decision point (agent × source × device), reinstatement admin leaves lift. Fail-safe: TERMINATE, agent terminated.",
      files: ["shared/src/monitor/agent-monitor.ts", "shared/src/monitor/log-monitor.ts", "durable-objects/src/agent-state/agent-state.ts", "durable-objects/src/monitor/audit-log-monitor.ts", "edge-device/src/governor/governor.ts"],
      tests: [
        { file: MON_CORE, name: "P1: catches a stored row that lost its termination, and an ALLOW after TERMINATE" },
        { file: MON_LOG, name: "catches an ALLOW timed after a terminating TERMINATE of the same decision point (after the grace)" },
        { file: MON_AS, name: "P1: a row whose termination was cleared without a reinstatement is caught; the ALLOW becomes TERMINATE" },
        { file: MON_AL, name: "P1 across the log: an ALLOW timed after a TERMINATE of the same decision point is reported after the grace; the agent is terminated" },
        { file: MON_DEV, name: "P1: a stored row that lost its termination is caught after a restart; the ALLOW becomes TERMINATE" },
      ],
    },
    tests: [
      { file: "workers/src/sticky-terminate.test.ts", name: "no response recorded after the TERMINATE says anything but TERMINATE, with many concurrent clients" },
      { file: "workers/src/sticky-terminate.test.ts", name: "survives the Durable Object being evicted from memory" },
      { file: "edge-device/src/sync/control-keeper.test.ts", name: "a cloud TERMINATE makes the agent's decisions TERMINATE (sticky, that agent only); the reinstatement lifts it" },
      { file: MON_CORE, name: "raises no alarm over 2,000 real decisions (terminations and reinstatements included)" },
      { file: MON_AS, name: "raises no alarm over a corpus of real decisions, terminations and reinstatements" },
      { file: MON_AL, name: "raises nothing over a log of real decisions with reinstatements, and signs growing heads" },
      { file: MON_DEV, name: "raises no alarm over 600 real decisions with terminations and fleet-control reinstatements" },
    ],
    gaps: [
      "No SMT proof of the AgentState transition itself (sticky TERMINATE is enforced in applyDecision and tested, not proven).",
      "The monitors keep state in memory: an evicted AgentState or AuditLog, or a restarted device, adopts the stored state it finds (a corruption made while nothing watched is not seen).",
      "Across the log, a TERMINATE leaf that arrives after a later-timed ALLOW leaf (queue reordering) is not checked backwards.",
    ],
  },
  {
    id: "P2",
    title: "Gap-free per-agent decision sequence",
    statement: "Each decision of an agent at a decision point has seq n+1 after seq n: no gaps, no repeats, never rewound.",
    proof: null,
    modelCheck: null,
    monitor: {
      what: "AgentMonitor: each decision's seq must follow the last seen; a stored row whose seq differs from the last seen (rewound, skipped) is caught when read. In the AgentState object and the device governor. Fail-safe: TERMINATE, agent terminated.",
      files: ["shared/src/monitor/agent-monitor.ts", "durable-objects/src/agent-state/agent-state.ts", "edge-device/src/governor/governor.ts"],
      tests: [
        { file: MON_CORE, name: "P2: catches an out-of-order seq, a skipped seq and a rewound stored row (one alert per corruption)" },
        { file: MON_AS, name: "P2: a rewound seq (corrupted row) is caught" },
        { file: MON_DEV, name: "P2: a rewound seq in the stored row is caught" },
      ],
    },
    tests: [
      { file: "durable-objects/src/agent-state/decide.test.ts", name: "numbers concurrent decisions 1..n without gaps or repeats" },
      { file: "durable-objects/src/agent-state/decide.test.ts", name: "keeps its counters when evicted from memory" },
    ],
    gaps: [
      "No SMT proof and no model check (the SPIN model covers bundle and control seqs, not decision seqs).",
      "Not checked across the audit log: decision audit events carry no per-agent seq (the device's agent_seq stays in its local facts), so the AuditLog cannot see gaps.",
    ],
  },
  {
    id: "P3",
    title: "Only signed policies decide",
    statement: "Every decision is made by a policy bundle whose signature was verified (a device with no verified bundle fails closed and never ALLOWs).",
    proof: null,
    modelCheck: {
      what: "Sync protocol: never an unsigned bundle installed on the device (assert(sig) in install).",
      files: ["verification/sync/sync.pml"],
      tests: [spin("S-safety"), spin("M2-no-signature-check")],
    },
    monitor: {
      what: "AgentMonitor P3: the deciding bundle's hash must be one verified here — in the cloud, bundles whose signature verifyBundleWithKeySet accepted in this isolate (cache hits are verified once); on the device, BundleKeeper.verified(hash). Fail-safe: TERMINATE, agent terminated.",
      files: ["shared/src/monitor/agent-monitor.ts", "durable-objects/src/monitor/verified-bundles.ts", "edge-device/src/sync/bundle-keeper.ts"],
      tests: [
        { file: MON_CORE, name: "P3: catches a decision by a bundle never verified, and an ALLOW with no bundle" },
        { file: MON_AS, name: "P3: a decision by a bundle never verified (the loader patched to skip verification) is caught" },
        { file: MON_DEV, name: "P3: a decision by a bundle the keeper never verified is caught" },
      ],
    },
    tests: [
      { file: "durable-objects/src/agent-state/decide.test.ts", name: "skips a forged KV copy of its bundle, logs the refusal with its code, and decides with PolicyStore's copy" },
      { file: "edge-device/src/sync/bundle-refusals.test.ts", name: "refuses a tampered bundle and keeps the last-known-good" },
      { file: "edge-device/src/sync/bundle-refusals.test.ts", name: "refuses another tenant's bundle and an unknown signing key" },
    ],
    gaps: ["No SMT proof (a property of the code paths that load bundles, not of policy logic)."],
  },
  {
    id: "P4",
    title: "The audit log only grows",
    statement: "A tenant's signed tree heads never shrink, and each new head is consistent (RFC 9162) with the previous one.",
    proof: null,
    modelCheck: null,
    monitor: {
      what: "checkHeadGrowth before a new current head is signed in the AuditLog (size not smaller, consistency proof from the log's own nodes verifies; same size: same root). Fail-safe: the head is not signed (monitor_violation), alerted and recorded once.",
      files: ["shared/src/monitor/head-monitor.ts", "durable-objects/src/monitor/audit-log-monitor.ts", "durable-objects/src/audit-log/sign-head.ts"],
      tests: [
        { file: MON_LOG, name: "catches a shrinking head and a rewritten history (same size, other root; larger, inconsistent)" },
        { file: MON_AL, name: "P4: refuses to sign a head smaller than the last one (injected), alerting and recording it once" },
        { file: MON_AL, name: "P4: refuses a head whose history was rewritten (a Merkle node overwritten)" },
      ],
    },
    tests: [
      { file: MON_LOG, name: "accepts a growing log head after head, with real consistency proofs" },
      { file: "shared/src/merkle/proof-tampering.test.ts", name: "verify against independent roots, and fail when any byte or node is changed" },
      { file: "durable-objects/src/witness/witness.test.ts", name: "refuses a split view (two heads of one size) and an inconsistent larger head, with distinct codes, and records them" },
    ],
    gaps: ["No SMT proof and no model check of the log itself (the Merkle code is tested against RFC 6962 vectors and cross-checked by the independent Witness)."],
  },
  {
    id: "S1",
    title: "Sync: never a lower bundle seq installed",
    statement: "A device never installs a bundle whose seq is below the highest it has installed (rollback protection), across restarts.",
    proof: null,
    modelCheck: { what: "assert(s >= devSeq) in install (exhaustive, lossy/duplicating/reordering channel, reconnects).", files: ["verification/sync/sync.pml"], tests: [spin("S-safety"), spin("M1-no-seq-check")] },
    monitor: null,
    tests: [
      { file: "edge-device/src/sync/bundle-refusals.test.ts", name: "refuses a rolled-back (older or equal seq, other content) bundle" },
      { file: "edge-device/src/sync/bundle-refusals.test.ts", name: "refuses, at start, a bundle file swapped for an older signed one or edited on disk" },
      { file: "durable-objects/src/policy-store/seq-only-grows.test.ts", name: "installBundle refuses tampered, foreign-key, unsigned, older and equal-seq bundles, each with its code" },
    ],
    gaps: ["No runtime monitor: enforced by BundleKeeper's persisted rollback floor (a refusal, not a detection after the fact)."],
  },
  {
    id: "S2",
    title: "Sync: never an unsigned bundle installed",
    statement: "A device installs only bundles whose signature verifies with a trusted key.",
    proof: null,
    modelCheck: { what: "assert(sig) in install.", files: ["verification/sync/sync.pml"], tests: [spin("S-safety"), spin("M2-no-signature-check")] },
    monitor: {
      what: "Indirectly, P3: a decision by a bundle the keeper did not verify is caught on the device.",
      files: ["edge-device/src/governor/governor.ts"],
      tests: [{ file: MON_DEV, name: "P3: a decision by a bundle the keeper never verified is caught" }],
    },
    tests: [
      { file: "edge-device/src/sync/sync-reconnect.test.ts", name: "applies pushed bundles, refuses tampered and rolled-back ones" },
      { file: "edge-device/src/sync/bundle-refusals.test.ts", name: "refuses another tenant's bundle and an unknown signing key" },
    ],
    gaps: ["No SMT proof (a property of the device's bundle verification code, not of policy logic); the runtime monitor covers it only indirectly, through P3 on decisions."],
  },
  {
    id: "S3",
    title: "Sync: every published bundle eventually installed (fair channel)",
    statement: "Once the channel is fair (finitely many faults), every bundle the PolicyStore publishes is eventually installed on the device (the newest wins).",
    proof: null,
    modelCheck: { what: "ltl bundle_live under weak fairness (pan -a -f), at most 2 faults then reliable.", files: ["verification/sync/sync.pml"], tests: [spin("L-bundle_live"), spin("M3-no-resume-snapshot")] },
    monitor: null,
    tests: [{ file: "edge-device/src/sync/sync-reconnect.test.ts", name: "server gone → OFFLINE; back → reconnects, resumes from its seq and gets what was published meanwhile" }],
    gaps: ["No runtime monitor of delivery (a liveness property: the device's staleness bound fails closed instead, and device status reports the bundle seq)."],
  },
  {
    id: "S4",
    title: "Sync: a TERMINATE pushed before a reconnect is never lost",
    statement: "A TERMINATE fleet control issued while the device is disconnected or reconnecting is eventually applied on the device.",
    proof: null,
    modelCheck: { what: "ltl terminate_kept (and controls_live for every control).", files: ["verification/sync/sync.pml"], tests: [spin("L-terminate_kept"), spin("L-controls_live"), spin("M4-no-control-resend")] },
    monitor: {
      what: "Once applied, P1 is monitored on the device (AgentMonitor).",
      files: ["edge-device/src/governor/governor.ts"],
      tests: [{ file: MON_DEV, name: "P1: a stored row that lost its termination is caught after a restart; the ALLOW becomes TERMINATE" }],
    },
    tests: [{ file: "edge-device/src/sync/control-keeper.test.ts", name: "persists the last applied seq, the stop and the agent's TERMINATE across a restart; replays stay ignored" }],
    gaps: ["No runtime monitor of the delivery itself (the cloud does not watch whether each device acknowledged a control)."],
  },
  {
    id: "S5",
    title: "Sync: fleet controls applied at most once, in seq order",
    statement: "A device applies each fleet control once and in seq order, across restarts.",
    proof: null,
    modelCheck: { what: "assertions in apply (applied mask, predecessor applied).", files: ["verification/sync/sync.pml"], tests: [spin("S-safety"), spin("M5-control-seq-not-persisted"), spin("M6-control-out-of-order")] },
    monitor: null,
    tests: [
      { file: "edge-device/src/sync/control-keeper.test.ts", name: "applies each seq once: a duplicate or replayed older control changes nothing" },
      { file: "edge-device/src/sync/control-keeper.test.ts", name: "refuses a gap (out of order) until the missing control arrives" },
    ],
    gaps: ["No runtime monitor (enforced by ControlKeeper's persisted seq)."],
  },
  {
    id: "L1",
    title: "Law non-weakening",
    statement: "No tenant policy can turn a decision of the immutable law pack into a weaker one.",
    proof: {
      what: "z3: law-preservation (this policy: UNSAT of law ≥ k ∧ final < k under the encoded deny-overrides combiner) and law-preservation-any-policy (8 symbolic rules); a planted first-match combiner makes both SAT; every SAT witness is checked with evaluate; solver timeouts are 'unknown'.",
      files: ["cli/src/prove/prove.ts"],
      tests: [
        { file: PROVE_TEST, name: "finds the law-weakening attempt, shows it fail under evaluate, and proves law preservation" },
        { file: PROVE_TEST, name: "gives a counterexample for this policy and for every policy" },
        { file: PROVE_TEST, name: "a query the solver cannot finish in time is unknown, not a proof or a finding" },
        { file: "cli/src/prove/encode.test.ts", name: "never proves a condition unsatisfiable that some random request matches under the real predicates" },
      ],
    },
    modelCheck: null,
    monitor: null,
    tests: [{ file: PROVE_TEST, name: "reports each finding with its witness and evaluate's verdict, and exits 1" }],
    gaps: [
      "No runtime monitor of law non-weakening per decision (the combiner is proven; evaluate is deterministic and tested).",
      "Not in the workerd publish gate: z3's WASM (35 MB) exceeds the Workers script size limit; the CLI and CI run the proofs.",
    ],
  },
];
