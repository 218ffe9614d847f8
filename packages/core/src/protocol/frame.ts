/**
 * Length-prefixed framing (PROTOCOL.md "Framing"): a 4-byte big-endian length, then that many
 * bytes of one msgpack value.
 *
 * The reader keeps one growable buffer: chunks are appended, every complete frame is handed out,
 * and the unread tail is moved to the front. Concatenating a Buffer per chunk made an 8 MiB frame
 * cost seconds (notes/node-interop.md). A length above the maximum is reported before anything is
 * allocated for it, so a corrupt or hostile stream cannot make us reserve gigabytes.
 */

export const FRAME_HEADER_BYTES = 4;
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Raised by {@link FrameReader.push} for a frame longer than the maximum. */
export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError';
  constructor(
    readonly length: number,
    readonly max: number,
  ) {
    super(`frame of ${length} bytes exceeds the maximum of ${max} bytes`);
  }
}

/** Prefixes an encoded payload with its length. */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export class FrameReader {
  private buffer: Buffer;
  private start = 0;
  private end = 0;

  constructor(
    private readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES,
    initialCapacity = 64 * 1024,
  ) {
    this.buffer = Buffer.allocUnsafe(initialCapacity);
  }

  /** Bytes received that do not yet form a whole frame. */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /**
   * Appends a chunk and returns every frame it completed. The returned payloads are views into
   * the internal buffer and are valid only until the next `push`: decode them before that.
   */
  push(chunk: Uint8Array): Buffer[] {
    this.append(chunk);
    const frames: Buffer[] = [];
    while (this.end - this.start >= FRAME_HEADER_BYTES) {
      const length = this.buffer.readUInt32BE(this.start);
      if (length > this.maxFrameBytes) throw new FrameTooLargeError(length, this.maxFrameBytes);
      const frameEnd = this.start + FRAME_HEADER_BYTES + length;
      if (frameEnd > this.end) break;
      frames.push(this.buffer.subarray(this.start + FRAME_HEADER_BYTES, frameEnd));
      this.start = frameEnd;
    }
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
    return frames;
  }

  private append(chunk: Uint8Array): void {
    const free = this.buffer.length - this.end;
    if (chunk.length > free) {
      const live = this.end - this.start;
      const needed = live + chunk.length;
      if (needed <= this.buffer.length && this.start > 0) {
        // Enough room once the consumed prefix is dropped.
        this.buffer.copy(this.buffer, 0, this.start, this.end);
      } else {
        let capacity = this.buffer.length * 2;
        while (capacity < needed) capacity *= 2;
        const grown = Buffer.allocUnsafe(capacity);
        this.buffer.copy(grown, 0, this.start, this.end);
        this.buffer = grown;
      }
      this.start = 0;
      this.end = live;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }
}
