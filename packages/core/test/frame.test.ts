import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../src/protocol/codec.js';
import { encodeFrame, FrameReader, FrameTooLargeError } from '../src/protocol/frame.js';

const frameOf = (value: unknown): Buffer => encodeFrame(encodeMessage(value));

describe('FrameReader', () => {
  it('returns nothing until a frame is complete, then the frame', () => {
    const reader = new FrameReader();
    const frame = frameOf({ id: 1, result: 'hello' });
    expect(reader.push(frame.subarray(0, 2))).toEqual([]);
    expect(reader.push(frame.subarray(2, 7))).toEqual([]);
    const [payload] = reader.push(frame.subarray(7));
    expect(decodeMessage(payload as Buffer)).toEqual({ id: 1, result: 'hello' });
    expect(reader.pendingBytes).toBe(0);
  });

  it('splits joined frames and keeps a partial tail', () => {
    const reader = new FrameReader(1024, 8);
    const joined = Buffer.concat([frameOf({ id: 1 }), frameOf({ id: 2 }), frameOf({ id: 3 }).subarray(0, 3)]);
    const frames = reader.push(joined).map((f) => decodeMessage(f));
    expect(frames).toEqual([{ id: 1 }, { id: 2 }]);
    expect(reader.pendingBytes).toBe(3);
  });

  it('grows for a frame larger than its buffer and copies bytes out of it', () => {
    const reader = new FrameReader(16 * 1024 * 1024, 16);
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    const frame = frameOf({ data: big });
    const out: unknown[] = [];
    for (let i = 0; i < frame.length; i += 65_536) {
      for (const f of reader.push(frame.subarray(i, i + 65_536))) out.push(decodeMessage(f));
    }
    // A following frame reuses the buffer; the decoded bytes must not change with it.
    reader.push(frameOf({ data: new Uint8Array(100).fill(7) }));
    expect(out).toHaveLength(1);
    expect(Buffer.from((out[0] as { data: Uint8Array }).data).equals(Buffer.from(big))).toBe(true);
  });

  it('rejects a length over the maximum before allocating for it', () => {
    const reader = new FrameReader(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0xffff_fff0, 0);
    expect(() => reader.push(header)).toThrow(FrameTooLargeError);
  });
});

describe('codec', () => {
  it('encodes undefined as nil and decodes small int64 as numbers, dates as Date', () => {
    const when = new Date('2026-11-23T12:00:00.123Z');
    const decoded = decodeMessage(encodeMessage({ a: undefined, n: 2 ** 40, when })) as Record<string, unknown>;
    expect(decoded.a).toBeNull();
    expect(decoded.n).toBe(2 ** 40);
    expect(decoded.when).toEqual(when);
  });
});
