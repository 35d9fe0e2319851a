import { describe, expect, it } from "vitest";
import { runDetectors } from "./run.ts";

/**
 * Adversarial 64 KiB inputs (the largest action text accepted) built to trip backtracking or quadratic
 * scans: every one must finish (no time is asserted) and findings stay bounded by the per-rule cap.
 */
const N = 65_536;
const rep = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
const CASES: Record<string, string> = {
  "one letter": rep("a"),
  "digit runs": rep("1 "),
  "digits and dashes": rep("1-"),
  "at signs": rep("a@"),
  colons: rep("a:"),
  "verbs without victims": rep("kill "),
  "override words": rep("ignore all "),
  "rm flags": rep("rm -rf "),
  "DELETE without end": rep("DELETE FROM x "),
  "curl uploads": rep("curl -d @f "),
  "PEM headers without END": rep("-----BEGIN RSA PRIVATE KEY-----"),
  "assignments": rep("password="),
  "IBAN prefixes": rep("GB82 "),
  "zero-width": rep("a\u200b"),
  "questions": rep("How do I kill someone? "),
  "SQL grants and updates": rep("GRANT SELECT ON t UPDATE users SET role "),
  "profile appends": rep("echo curl >> ~/.bashrc "),
  "writes into system paths": rep("tee -a /etc/cron.d/ cp x /etc/systemd/system/"),
  "log redirects": rep(";> /var/log/a "),
  "look-alike hosts": rep("paypa1.com."),
  "urgent phishing words": rep("urgent verify your account reply with your "),
};

describe("detectors stay linear on adversarial 64 KiB input", { timeout: 60_000 }, () => {
  it.each(Object.entries(CASES))("%s", (_name, text) => {
    const found = runDetectors({ text, action_type: "message" });
    expect(found.length).toBeLessThanOrEqual(64 * 40);
    for (const f of found) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeLessThanOrEqual(text.length);
    }
  });
});
