/**
 * The parts of bench/eval/data-injection-eval.ts: JSON Lines parsing, the tuned-on / never-seen split (BIPIA
 * `/train/` only is tuned on), the groups and breakdown keys, counting and rates, the targets; and the real
 * files load with the sizes bench/data/README.md states.
 */
import { describe, expect, it } from "vitest";
import { breakdownOf, evaluateItems, groupOf, loadIndirectSets, parseJsonl, rates, splitOf, targetLines, type IndirectItem } from "./data-injection-eval.ts";

const item = (set: IndirectItem["set"], label: string, subset: string, text = "x"): IndirectItem => ({ set, label, subset, text });

describe("data-injection eval parts", () => {
  it("parses JSON Lines and skips blank lines", () => {
    const raw = '{"text":"a","label":"benign","subset":"clean_context/email/train/0"}\n\n{"text":"b","label":"injection","subset":"injected/email/test/end/x-1"}\n';
    expect(parseJsonl(raw, "bipia").map((i) => i.text)).toEqual(["a", "b"]);
  });

  it("tunes only on BIPIA /train/; BIPIA /test/ and all of AgentDojo are never seen", () => {
    expect(splitOf(item("bipia", "injection", "injected/email/train/end/a-0"))).toBe("tuned_on");
    expect(splitOf(item("bipia", "benign", "clean_context/table/train/3"))).toBe("tuned_on");
    expect(splitOf(item("bipia", "injection", "injected/email/test/end/a-0"))).toBe("never_seen");
    expect(splitOf(item("agentdojo", "injection", "injected_tool_output/banking/r/s/direct/t1"))).toBe("never_seen");
  });

  it("groups injections, clean data and the side sets", () => {
    expect(groupOf(item("bipia", "injection", "injected_base64/email/test/end/a"))).toBe("injection");
    expect(groupOf(item("bipia", "benign", "clean_context/code/test/1"))).toBe("clean");
    expect(groupOf(item("agentdojo", "benign", "clean_tool_output/slack/r"))).toBe("clean");
    expect(groupOf(item("bipia", "malicious_code", "code_attack/test/3"))).toBe("code_attack_alone");
    expect(groupOf(item("agentdojo", "benign", "user_task/travel/3"))).toBe("user_task_prompt");
    expect(breakdownOf(item("agentdojo", "injection", "injected_tool_output/banking/r/s/important_instructions/t1"))).toBe("injected_tool_output/important_instructions");
    expect(breakdownOf(item("bipia", "injection", "injected/table/test/start/a-1"))).toBe("injected/table");
  });

  it("counts flagged (≥ 0.5) and blocked (≥ 0.85) per cell and checks the targets", () => {
    const items = [
      item("bipia", "injection", "injected/email/test/end/a", "hi"),
      item("bipia", "injection", "injected/email/test/end/b", "block"),
      item("bipia", "benign", "clean_context/email/test/1", "clean"),
      item("agentdojo", "injection", "injected_tool_output/s/r/x/direct/t", "block"),
      item("agentdojo", "benign", "clean_tool_output/s/r", "clean"),
    ];
    const r = evaluateItems(items, (t) => (t === "block" ? 0.9 : t === "hi" ? 0.6 : 0.1));
    expect(r.cells["bipia/never_seen/injection"]).toEqual({ n: 2, flagged: 2, blocked: 1 });
    expect(rates(r.cells["bipia/never_seen/injection"]!)).toEqual({ n: 2, flagged: 2, rate: 1, block_rate: 0.5 });
    expect(r.cells["agentdojo/never_seen/clean"]).toEqual({ n: 1, flagged: 0, blocked: 0 });
    expect(targetLines(r).every((t) => t.met)).toBe(true);
    expect(rates({ n: 0, flagged: 0, blocked: 0 }).rate).toBeNull();
  });

  it("loads both copied sets with their stated sizes", () => {
    const all = loadIndirectSets();
    expect(all.filter((i) => i.set === "bipia")).toHaveLength(2006);
    expect(all.filter((i) => i.set === "agentdojo")).toHaveLength(1873);
  });
});
