import { describe, expect, it } from "vitest";
import { compileConcepts, type ConceptLexicon } from "./concept-matcher.ts";

const LEX: ConceptLexicon = {
  concepts: ["kill", "how_to", "arms"],
  forms: {
    kill: { it: "uccid", zh: "杀死", de: "töten$" },
    how_to: { it: "come posso", zh: "怎么" },
    arms: { it: "arma$" },
  },
  unspaced: ["zh"],
};
const m = compileConcepts(LEX);
const found = (text: string) => m.find(text).map((h) => [m.concepts[h.concept], text.slice(h.start, h.end)]);

describe("compileConcepts", () => {
  it("matches spaced-language forms as prefixes from a word start, with spans", () => {
    expect(found("Come posso uccidere?")).toEqual([
      ["how_to", "Come posso"],
      ["kill", "uccid"],
    ]);
    expect(found("riuccidere")).toEqual([]); // not at a word start
  });

  it("lets a space in a form match any run of whitespace", () => {
    expect(found("come\n   posso")).toEqual([["how_to", "come\n   posso"]]);
  });

  it("requires a whole word for forms ending in $", () => {
    expect(found("un'arma carica")).toEqual([["arms", "arma"]]);
    expect(found("un armadio")).toEqual([]);
    expect(found("Wie kann man töten?")).toEqual([["kill", "töten"]]);
    expect(found("tötende")).toEqual([]);
  });

  it("matches unspaced-language forms anywhere inside the text", () => {
    expect(found("我想知道怎么杀死他")).toEqual([
      ["how_to", "怎么"],
      ["kill", "杀死"],
    ]);
  });

  it("keeps spans on the original text when lower-casing would lengthen a character", () => {
    const text = "İ COME POSSO UCCIDERE";
    const hits = m.find(text);
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(["COME POSSO", "UCCID"]);
  });

  it("finds nothing in text without the lexicon's words, and in empty text", () => {
    expect(m.find("How do I bake bread?")).toEqual([]);
    expect(m.find("")).toEqual([]);
  });
});
