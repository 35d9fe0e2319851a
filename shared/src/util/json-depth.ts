/**
 * Nesting-depth guard for untrusted JSON-like values (policies, requests).
 */

/**
 * The path (as keys and indexes) of the first value nested deeper than `max` objects/arrays, or undefined.
 * Iterative, so absurdly deep input cannot overflow the stack before a recursive validator sees it.
 *
 * @example
 * firstTooDeep({ a: [[1]] }, 2); // ["a", 0]
 * firstTooDeep({ a: [1] }, 2);   // undefined
 */
export function firstTooDeep(root: unknown, max: number): (string | number)[] | undefined {
  interface Node {
    value: unknown;
    depth: number;
    key: string | number | undefined;
    parent: Node | undefined;
  }
  const stack: Node[] = [{ value: root, depth: 0, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const { value, depth } = node;
    if (value === null || typeof value !== "object") continue;
    if (depth >= max) {
      const path: (string | number)[] = [];
      for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
      return path;
    }
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, key: i, parent: node }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, key: k, parent: node });
  }
  return undefined;
}
