/**
 * Windows for reading untrusted content ("data mode"): an injected instruction is usually one or two
 * sentences inside a long e-mail, page or tool result, so the data head scores short windows and keeps the
 * best one (which is also the span to strip or quarantine). A window starts at a line or sentence start and
 * takes whole segments until it holds at least {@link DATA_WINDOW_MIN} characters (at most
 * {@link DATA_WINDOW_MAX}; a longer segment is cut). Windows overlap by segments, so an instruction split
 * over two sentences is seen whole. Linear in the text: each segment starts one window, each window ≤ 480.
 */

/** A window stops growing once it reaches this many characters. */
export const DATA_WINDOW_MIN = 160;
/** No window is longer than this. */
export const DATA_WINDOW_MAX = 480;
/** At most this many windows per text (the first ones; a 64 KiB input has far fewer segments than this). */
export const DATA_WINDOWS_LIMIT = 2048;

const SEGMENT_END = /\n+|[.!?。！？]\s+|\|/g;

/**
 * Segment starts of `text`: 0, and after each newline run, sentence end or table bar.
 *
 * @example
 * segmentStarts("Hi there. Ignore that.\nok"); // [0, 10, 23]
 */
export function segmentStarts(text: string): number[] {
  const starts = [0];
  SEGMENT_END.lastIndex = 0;
  for (let m = SEGMENT_END.exec(text); m !== null; m = SEGMENT_END.exec(text)) {
    const s = m.index + m[0].length;
    if (s < text.length && s > (starts[starts.length - 1] as number)) starts.push(s);
  }
  return starts;
}

/**
 * The [start, end) windows a data text is scored in (one per segment start; the whole text when short).
 * `min` (default {@link DATA_WINDOW_MIN}) is where a window stops growing.
 *
 * @example
 * dataWindows("Short e-mail."); // [[0, 13]]
 */
export function dataWindows(text: string, min: number = DATA_WINDOW_MIN): [number, number][] {
  if (text.length <= DATA_WINDOW_MAX) return [[0, text.length]];
  const starts = segmentStarts(text);
  const out: [number, number][] = [];
  let j = 0;
  for (let i = 0; i < starts.length && out.length < DATA_WINDOWS_LIMIT; i++) {
    const start = starts[i] as number;
    if (j < i + 1) j = i + 1;
    while (j < starts.length && (starts[j] as number) - start < min) j++;
    const end = Math.min(j < starts.length ? (starts[j] as number) : text.length, start + DATA_WINDOW_MAX);
    out.push([start, end]);
  }
  return out;
}
