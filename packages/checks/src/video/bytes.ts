// Small bounds-checked binary helpers for the MP4 walker. Every read goes through `need()`,
// so a lying size field produces a BoxError, never an out-of-range read or a silent NaN.

export class BoxError extends Error {
  constructor(
    readonly code: 'corrupt' | 'truncated' | 'timeout' | 'too-large' | 'io',
    message: string,
  ) {
    super(message);
    this.name = 'BoxError';
  }
}

export function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** True when a four-character code looks like a real box type (printable ASCII, as in real files incl. '©xyz'). */
export function plausibleType(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 4; i++) {
    const c = b[at + i]!;
    if (!((c >= 0x20 && c <= 0x7e) || c === 0xa9)) return false;
  }
  return true;
}

/** Cursor over a byte range with checked reads. */
export class Cursor {
  private readonly dv: DataView;
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (end > buf.byteLength || pos > end || pos < 0) throw new BoxError('corrupt', 'cursor out of range');
  }
  get left(): number {
    return this.end - this.pos;
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new BoxError('corrupt', `box field runs past its box (${n} bytes at ${this.pos}, end ${this.end})`);
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  u8(): number {
    this.need(1);
    return this.dv.getUint8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.dv.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.dv.getInt16(this.pos);
    this.pos += 2;
    return v;
  }
  u24(): number {
    this.need(3);
    const v = (this.dv.getUint8(this.pos) << 16) | this.dv.getUint16(this.pos + 1);
    this.pos += 3;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.dv.getInt32(this.pos);
    this.pos += 4;
    return v;
  }
  /** 64-bit unsigned as a Number; values beyond 2^53 are rejected as corrupt. */
  u64(): number {
    this.need(8);
    const hi = this.dv.getUint32(this.pos);
    const lo = this.dv.getUint32(this.pos + 4);
    this.pos += 8;
    if (hi >= 0x200000) throw new BoxError('corrupt', '64-bit value too large');
    return hi * 0x100000000 + lo;
  }
  f64(): number {
    this.need(8);
    const v = this.dv.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }
  /** 16.16 fixed point. */
  fixed32(): number {
    return this.i32() / 65536;
  }
  fourcc(): string {
    this.need(4);
    const s = fourcc(this.buf, this.pos);
    this.pos += 4;
    return s;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

export interface ChildBox {
  type: string;
  /** Start of the box (its header). */
  start: number;
  /** Start of the payload (after size/type/largesize). */
  body: number;
  /** End of the box (exclusive). */
  end: number;
}

/**
 * Lists the child boxes in buf[start, end). Range-checks every size: size 0 means "to the end of
 * the parent", size 1 means a 64-bit size follows, a size smaller than the header or running past
 * the parent is corrupt. Trailing bytes shorter than a header (some muxers pad with 4 zero bytes)
 * are ignored. `maxChildren` bounds work on hostile input.
 */
export function childBoxes(buf: Uint8Array, start: number, end: number, maxChildren = 1_000_000): ChildBox[] {
  const out: ChildBox[] = [];
  const c = new Cursor(buf, start, end);
  while (c.left >= 8) {
    const boxStart = c.pos;
    let size = c.u32();
    const type = c.fourcc();
    if (size === 1) size = c.u64();
    else if (size === 0) size = end - boxStart;
    const body = c.pos;
    if (size < body - boxStart) throw new BoxError('corrupt', `box '${type}' has size ${size}, smaller than its header`);
    if (boxStart + size > end) throw new BoxError('corrupt', `box '${type}' (size ${size}) runs past its parent`);
    out.push({ type, start: boxStart, body, end: boxStart + size });
    if (out.length > maxChildren) throw new BoxError('corrupt', 'too many boxes');
    c.pos = boxStart + size;
  }
  return out;
}

/** Minimal MSB-first bit reader (AudioSpecificConfig). */
export class BitReader {
  private bit = 0;
  constructor(private readonly b: Uint8Array) {}
  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.b[this.bit >> 3];
      if (byte === undefined) throw new BoxError('corrupt', 'bit field runs past its data');
      v = v * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return v;
  }
}
