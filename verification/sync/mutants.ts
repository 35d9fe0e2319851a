/**
 * Planted bugs: each mutant is the real model (sync.pml) with one textual change, so mutants follow the model
 * as it evolves; `mutate` refuses when the text to change is not in the model exactly once.
 */
import type { SpinCheck } from "./spin-runner.ts";

/** One planted bug, the check that must catch it, and the violation SPIN must report. */
export interface Mutant {
  id: string;
  /** The property (README.md, "Properties") the bug breaks. */
  property: "P1" | "P2" | "P3" | "P4" | "P5" | "A1";
  bug: string;
  find: string;
  replace: string;
  check: SpinCheck;
  /** pan's first violation line must contain this. */
  expect: string;
}

export const MUTANTS: readonly Mutant[] = [
  {
    id: "M1-no-seq-check",
    property: "P1",
    bug: "the device installs a signed bundle without the minSeq / rejectEqualSeq check (rollback by replay)",
    find: ":: sig && s > devSeq ->",
    replace: ":: sig ->",
    check: { mode: "safety" },
    expect: "assertion violated (s>=devSeq)",
  },
  {
    id: "M2-no-signature-check",
    property: "P2",
    bug: "the device installs a newer bundle without verifying its signature",
    find: ":: sig && s > devSeq ->",
    replace: ":: s > devSeq ->",
    check: { mode: "safety" },
    expect: "assertion violated sig",
  },
  {
    id: "M3-no-resume-snapshot",
    property: "P3",
    bug: "the server sends the snapshot only to a device that has no bundle (have_seq = 0), not on resume",
    find: "pushBundle(SNAPSHOT);",
    replace: "if :: haveSeq == 0 -> pushBundle(SNAPSHOT) :: else -> skip fi;",
    check: { mode: "liveness", claim: "bundle_live" },
    expect: "acceptance cycle",
  },
  {
    id: "M4-no-control-resend",
    property: "P4",
    bug: "after a reconnect the server does not resend the controls after have_control_seq",
    find: "do :: c <= srvCseq -> pushControl(c); c++ :: else -> break od",
    replace: "skip",
    check: { mode: "liveness", claim: "terminate_kept" },
    expect: "acceptance cycle",
  },
  {
    id: "M5-control-seq-not-persisted",
    property: "P5",
    bug: "the device does not persist last_control_seq: after a restart it applies a control again",
    find: "skip /* RESTART_KEEPS_STATE */",
    replace: "devCseq = 0 /* RESTART_KEEPS_STATE */",
    check: { mode: "safety" },
    expect: "assertion violated ((appliedMask&(1<<s))==0)",
  },
  {
    id: "M6-control-out-of-order",
    property: "P5",
    bug: "the device applies any newer control instead of exactly last + 1",
    find: ":: sig && s == devCseq + 1 ->",
    replace: ":: sig && s > devCseq ->",
    check: { mode: "safety" },
    expect: "assertion violated",
  },
  {
    id: "A1-loss-without-disconnect",
    property: "A1",
    bug: "assumption removed: a lost frame no longer breaks the connection (no retransmission exists within one socket)",
    find: "s2d ? _, _, _, _; if :: connUp -> dropConn() :: else -> skip fi",
    replace: "s2d ? _, _, _, _",
    check: { mode: "liveness", claim: "bundle_live" },
    expect: "acceptance cycle",
  },
];

/**
 * The model with the mutant's change applied.
 *
 * @example
 * const buggy = mutate(readFileSync("sync.pml", "utf8"), MUTANTS[0]);
 */
export function mutate(model: string, mutant: Pick<Mutant, "id" | "find" | "replace">): string {
  const count = model.split(mutant.find).length - 1;
  if (count !== 1) throw new Error(`mutant ${mutant.id}: "${mutant.find}" occurs ${count} times in the model (expected once)`);
  return model.replace(mutant.find, mutant.replace);
}
