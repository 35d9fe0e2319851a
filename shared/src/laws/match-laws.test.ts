import { describe, expect, it } from "vitest";
import type { Finding } from "../schemas/finding.ts";
import { LAW_RULES } from "./law-rules.ts";
import { matchLawRule, severityFor } from "./match-laws.ts";

const f = (type: Finding["type"], score: number, subtype?: string): Finding => ({
  type, score, start: 0, end: 4, detector: "test", ...(subtype === undefined ? {} : { subtype }),
});

describe("matchLawRule", () => {
  it.each<[Finding, string, string | undefined]>([
    [f("HARMFUL_CONTENT", 0.6, "csam"), "message", "law.21.csam"],
    [f("HARMFUL_CONTENT", 0.3, "csam"), "message", undefined],
    [f("SAFETY_OVERRIDE", 0.8, "interlock_disable"), "actuation", "law.23.interlock_disable.actuation"],
    [f("SAFETY_OVERRIDE", 0.8, "interlock_disable"), "tool_call", "law.23.interlock_disable"],
    [f("SAFETY_OVERRIDE", 0.8, "emergency_stop_disable"), "actuation", "law.7.emergency_stop_disable.actuation"],
    [f("DANGEROUS_CODE", 0.9, "disk_wipe"), "code_execution", "law.2.disk_wipe"],
    [f("DANGEROUS_CODE", 0.9, "credential_read"), "tool_call", "law.22.credential_read"],
    [f("DANGEROUS_CODE", 0.6, "disk_wipe"), "code_execution", "law.2.dangerous-code.sandbox"],
    [f("DANGEROUS_CODE", 0.6, "disk_wipe"), "message", undefined],
    [f("DANGEROUS_CODE", 0.3, "disk_wipe"), "code_execution", undefined],
    [f("PROMPT_INJECTION", 0.9, "encoding_trick"), "query", "law.18.encoding_trick"],
    [f("PROMPT_INJECTION", 0.8, "encoding_trick"), "query", undefined],
    [f("JAILBREAK", 0.9, "dan"), "query", "law.5.jailbreak"],
    [f("DATA_EXFILTRATION", 0.8, "bulk_export"), "data_access", "law.6.bulk-export"],
    [f("DATA_EXFILTRATION", 0.8, "sensitive_to_external"), "tool_call", "law.22.sensitive-to-external"],
    [f("SECRET", 0.9, "aws_access_key"), "query", "law.22.secret"],
    [f("US_SSN", 0.9), "message", "law.22.pii.us-ssn.outbound"],
    [f("US_SSN", 0.9), "query", "law.22.pii.us-ssn"],
    [f("EMAIL_ADDRESS", 0.4), "message", undefined],
  ])("%j on %s → %s", (finding, actionType, id) => {
    expect(matchLawRule(finding, actionType)?.id).toBe(id);
  });

  it("never lets an earlier rule shadow a later one completely", () => {
    LAW_RULES.forEach((later, j) => {
      const shadow = LAW_RULES.slice(0, j).find(
        (earlier) =>
          earlier.type === later.type &&
          (earlier.subtype === undefined || earlier.subtype === later.subtype) &&
          earlier.min_score <= later.min_score &&
          (earlier.action_types === undefined ||
            (later.action_types !== undefined && later.action_types.every((a) => earlier.action_types?.includes(a)))),
      );
      expect(shadow?.id, `${later.id} is shadowed`).toBeUndefined();
    });
  });
});

describe("severityFor", () => {
  it("gives the law pack's severity regardless of score", () => {
    expect(severityFor(f("HARMFUL_CONTENT", 0.1, "csam"), "query")).toBe("emergency");
    expect(severityFor(f("US_SSN", 0.1), "message")).toBe("high");
    expect(severityFor(f("US_SSN", 0.1), "query")).toBe("low");
    expect(severityFor(f("DANGEROUS_CODE", 0.1, "force_push"), "code_execution")).toBe("medium");
  });
});
