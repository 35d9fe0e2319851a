import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "./datasets.ts";

/** The JSON Lines sets written for this project (bench/data/README.md, "Written for this project"): file, allowed labels, minimum size. */
const WRITTEN: { file: string; labels: string[]; min: number }[] = [
  { file: "written_everyday_benign.jsonl", labels: ["benign"], min: 1200 },
  { file: "written_injection.jsonl", labels: ["injection"], min: 400 },
  { file: "written_jailbreak.jsonl", labels: ["jailbreak"], min: 150 },
  { file: "written_harmful.jsonl", labels: ["harmful"], min: 400 },
  { file: "written_benign_lookalikes.jsonl", labels: ["benign"], min: 300 },
  { file: "written_instruction_talk.jsonl", labels: ["benign"], min: 200 },
  { file: "written_training_harmful.jsonl", labels: ["harmful"], min: 1600 },
  { file: "written_training_benign.jsonl", labels: ["benign"], min: 1200 },
];

interface Row {
  text: string;
  label: string;
  source: string;
  subset: string;
  language: string;
}

function load(file: string): Row[] {
  return readFileSync(join(DATA_DIR, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Row);
}

describe("written data sets in bench/data", () => {
  const sets = WRITTEN.map((w) => ({ ...w, rows: load(w.file) }));

  it("parse, with every field set and labels from the file's set", () => {
    for (const s of sets) {
      for (const r of s.rows) {
        expect(typeof r.text === "string" && r.text.trim() !== "", `${s.file}: empty text`).toBe(true);
        expect(s.labels, `${s.file}: label ${r.label}`).toContain(r.label);
        expect(r.source).toBe("nethical-edge/written");
        expect(r.subset, `${s.file}: subset ${r.subset}`).toMatch(/^[a-z-]+\/[a-z0-9-]+(\/[a-z0-9-]+)*$/);
        expect(r.language, `${s.file}: language ${r.language}`).toMatch(/^[a-z]{2}$/);
      }
    }
  });

  it("have no exact duplicate text within or across the written files", () => {
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const s of sets) {
      for (const r of s.rows) {
        const prev = seen.get(r.text);
        if (prev !== undefined) dups.push(`${s.file} / ${prev}: ${r.text}`);
        else seen.set(r.text, s.file);
      }
    }
    expect(dups).toEqual([]);
  });

  it("reach their minimum sizes", () => {
    for (const s of sets) expect(s.rows.length, s.file).toBeGreaterThanOrEqual(s.min);
  });
});
