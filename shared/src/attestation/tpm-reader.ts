/**
 * A bounds-checked reader over TPM 2.0 marshalled bytes (big-endian). Every read past the end throws
 * {@link TpmParseError}, never a RangeError, so parsers built on it fail with one typed error.
 */

/** Malformed TPM structure (truncated, trailing bytes, unsupported algorithm, wrong magic). */
export class TpmParseError extends Error {
  override readonly name = "TpmParseError";
}

/** Sequential reader of big-endian TPM fields. */
export class TpmReader {
  #at = 0;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.#at;
  }

  /**
   * The next `n` bytes.
   *
   * @example
   * new TpmReader(new Uint8Array([1, 2])).take(2); // Uint8Array [1, 2]
   */
  take(n: number, what: string = "field"): Uint8Array {
    if (n < 0 || this.#at + n > this.bytes.length) throw new TpmParseError(`truncated: ${what} needs ${n} bytes, ${this.remaining} left`);
    const out = this.bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  /** @example new TpmReader(new Uint8Array([7])).u8(); // 7 */
  u8(what?: string): number {
    return this.take(1, what)[0] as number;
  }

  /** @example new TpmReader(new Uint8Array([0, 1])).u16(); // 1 */
  u16(what?: string): number {
    const b = this.take(2, what);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  /** @example new TpmReader(new Uint8Array([0, 0, 0, 1])).u32(); // 1 */
  u32(what?: string): number {
    const b = this.take(4, what);
    return (((b[0] as number) << 24) >>> 0) + (((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number));
  }

  /** A TPM2B: u16 size then that many bytes (at most `max`). @example reader.tpm2b("extraData", 64) */
  tpm2b(what: string, max: number): Uint8Array {
    const size = this.u16(`${what} size`);
    if (size > max) throw new TpmParseError(`${what} is ${size} bytes, at most ${max}`);
    return this.take(size, what);
  }

  /** Throw unless every byte was read. @example reader.end("TPMS_ATTEST") */
  end(what: string): void {
    if (this.remaining !== 0) throw new TpmParseError(`${what} has ${this.remaining} trailing bytes`);
  }
}
