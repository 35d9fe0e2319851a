/**
 * Nesting limit for JSON bodies, checked on the raw text before `JSON.parse`, so a hostile document
 * (`[[[[…]]]]` a million deep) is refused in one linear pass without building anything.
 */

/** Deepest nesting of arrays/objects accepted in a request body. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `text` nests arrays/objects deeper than `maxDepth`. Brackets inside strings (with escapes)
 * do not count. Does not validate the JSON otherwise.
 *
 * @example
 * exceedsJsonDepth('{"a":[1]}', 2);  // false
 * exceedsJsonDepth('[[["x"]]]', 2);  // true
 * exceedsJsonDepth('"[[[["', 1);     // false (inside a string)
 */
export function exceedsJsonDepth(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
