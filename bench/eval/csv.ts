/**
 * A small RFC 4180 CSV parser (quoted fields, doubled quotes, newlines inside quotes, CRLF) for the
 * public datasets in bench/data.
 */

/**
 * Parse CSV text into rows of fields.
 *
 * @example
 * parseCsv('a,b\n1,"x, ""y"""\n'); // [["a","b"],["1",'x, "y"']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
    i++;
  }
  if (quoted) throw new Error("CSV: unterminated quoted field");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Parse CSV with a header row into objects keyed by column name (empty header names become "_").
 *
 * @example
 * parseCsvObjects("id,text\n1,hi\n"); // [{ id: "1", text: "hi" }]
 */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  const keys = header.map((h) => (h === "" ? "_" : h));
  return rows
    .filter((r) => !(r.length === 1 && r[0] === ""))
    .map((r) => {
      if (r.length !== keys.length) throw new Error(`CSV: row has ${r.length} fields, header has ${keys.length}`);
      const o: Record<string, string> = {};
      keys.forEach((k, j) => (o[k] = r[j] ?? ""));
      return o;
    });
}
