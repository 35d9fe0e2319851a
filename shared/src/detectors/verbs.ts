/**
 * Verb inflection for rule sources: "create" → "create|creates|creating". Rules list base verbs once and
 * match the forms that make a request or a plan (base, 3rd person, -ing); past tense is left out on purpose
 * (narration like "he killed" is not a request).
 */

const NO_DOUBLE = new Set(["w", "x", "y"]);

/**
 * The base, -s and -ing forms of one verb. Short consonant-vowel-consonant verbs double the last letter
 * ("stab" → "stabbing"); write "kidnap:kidnapping" to give an irregular -ing form.
 *
 * @example
 * verbForms("create");   // ["create", "creates", "creating"]
 * verbForms("stab");     // ["stab", "stabs", "stabbing"]
 * verbForms("kidnap:kidnapping"); // ["kidnap", "kidnaps", "kidnapping"]
 */
export function verbForms(entry: string): string[] {
  const [base = "", irregular] = entry.split(":");
  const words = base.split(" ");
  const head = words[0] ?? "";
  const rest = words.length > 1 ? ` ${words.slice(1).join(" ")}` : "";
  const s = /(?:s|sh|ch|x|z)$/.test(head) ? `${head}es` : /[^aeiou]y$/.test(head) ? `${head.slice(0, -1)}ies` : `${head}s`;
  let ing: string;
  if (irregular !== undefined) ing = irregular;
  else if (/ie$/.test(head)) ing = `${head.slice(0, -2)}ying`;
  else if (/[^aeio]e$/.test(head)) ing = `${head.slice(0, -1)}ing`;
  else if (head.length <= 4 && /[^aeiou][aeiou][^aeiou]$/.test(head) && !NO_DOUBLE.has(head.slice(-1))) ing = `${head}${head.slice(-1)}ing`;
  else ing = `${head}ing`;
  return [head + rest, s + rest, (irregular !== undefined ? ing : ing + rest)];
}

/**
 * Trigger stems for a verb list: the first word of every form ("beat up" → "beat", "beats", "beating").
 *
 * @example
 * verbTriggers(["create"]); // ["create", "creates", "creating"]
 */
export function verbTriggers(entries: readonly string[]): string[] {
  return entries.flatMap(verbForms).map((f) => f.split(" ")[0] ?? f);
}

/**
 * A regex alternation (non-capturing group, spaces as \s+) of the forms of every verb; `thirdPerson: false`
 * leaves out the -s form (for verbs where "he kills" is narration, not a request).
 *
 * @example
 * new RegExp(`^${verbAlternation(["send", "write"])}$`).test("sending"); // true
 * new RegExp(`^${verbAlternation(["kill"], { thirdPerson: false })}$`).test("kills"); // false
 */
export function verbAlternation(entries: readonly string[], opts: { thirdPerson?: boolean } = {}): string {
  const third = opts.thirdPerson ?? true;
  const forms = entries
    .flatMap((e) => {
      const [base, s, ing] = verbForms(e);
      return third ? [base, s, ing] : [base, ing];
    })
    .filter((f): f is string => f !== undefined)
    .map((f) => f.replace(/ /g, "\\s+"));
  forms.sort((a, b) => b.length - a.length);
  return `(?:${forms.join("|")})`;
}
