/**
 * Property tests of the TS frame reader and msgpack codec (issue 7, "Fuzzing"): 100,000 cases in
 * total across the properties below. Seeded by fast-check; a failure prints the seed and the
 * shrunk counterexample, and FC_SEED=<seed> replays a run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../src/protocol/codec.js';
import { encodeFrame, FrameReader, FrameTooLargeError } from '../src/protocol/frame.js';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const params = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });

/** Values the codec round-trips exactly: what the engine exchanges (no undefined, no -0, safe ints). */
const wireValue = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ maxLength: 64 }),
    fc.date({ min: new Date(0), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
  ),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('map')),
  array: fc.array(tie('node'), { maxLength: 6 }),
  map: fc.dictionary(
    fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__'),
    tie('node'),
    { maxKeys: 6 },
  ),
})).node;

/** Normalises what msgpackr hands back (Buffer for bin) so it compares with what was sent. */
function normal(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bin: [...value] };
  if (value instanceof Date) return { date: value.getTime() };
  if (Array.isArray(value)) return value.map(normal);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normal(v)]));
  }
  return value;
}

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  return chunks;
}

describe('frame reader + codec properties', () => {
  it('round-trips sequences of values re-split at arbitrary points (40,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(wireValue, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 256 }),
        (values, cuts, capacity) => {
          const stream = Buffer.concat(values.map((v) => encodeFrame(encodeMessage(v))));
          const reader = new FrameReader(1 << 20, capacity);
          const out: unknown[] = [];
          // Decode at once: payloads are views valid only until the next push.
          for (const chunk of split(stream, cuts)) for (const f of reader.push(chunk)) out.push(decodeMessage(f));
          expect(out.map(normal)).toEqual(values.map(normal));
          expect(reader.pendingBytes).toBe(0);
        },
      ),
      params(40_000),
    );
  });

  it('byte-at-a-time delivery gives the same values (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(wireValue, { minLength: 1, maxLength: 4 }), (values) => {
        const stream = Buffer.concat(values.map((v) => encodeFrame(encodeMessage(v))));
        const reader = new FrameReader(1 << 20, 1);
        const out: unknown[] = [];
        for (let i = 0; i < stream.length; i++) for (const f of reader.push(stream.subarray(i, i + 1))) out.push(decodeMessage(f));
        expect(out.map(normal)).toEqual(values.map(normal));
      }),
      params(10_000),
    );
  });

  it('a truncated stream yields exactly the complete frames and keeps the tail pending (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(wireValue, { minLength: 1, maxLength: 6 }), fc.nat(), (values, cutAt) => {
        const frames = values.map((v) => encodeFrame(encodeMessage(v)));
        const stream = Buffer.concat(frames);
        const cut = cutAt % (stream.length + 1);
        let whole = 0;
        let bytes = 0;
        for (const f of frames) {
          if (bytes + f.length > cut) break;
          bytes += f.length;
          whole++;
        }
        const reader = new FrameReader(1 << 20, 16);
        const out = reader.push(stream.subarray(0, cut)).map((f) => decodeMessage(f));
        expect(out.map(normal)).toEqual(values.slice(0, whole).map(normal));
        expect(reader.pendingBytes).toBe(cut - bytes);
      }),
      params(10_000),
    );
  });

  it('an oversize length raises FrameTooLargeError without allocating for it (20,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 64 }),
        fc.array(wireValue, { maxLength: 3 }),
        (max, over, tail, before) => {
          const length = max + 1 + (over % (0xffff_ffff - max));
          const header = Buffer.alloc(4);
          header.writeUInt32BE(length, 0);
          const good = Buffer.concat(before.map((v) => encodeFrame(encodeMessage(v))).filter((f) => f.length - 4 <= max));
          const reader = new FrameReader(max, 64);
          const heapBefore = process.memoryUsage().arrayBuffers;
          let error: unknown;
          try {
            reader.push(Buffer.concat([good, header, Buffer.from(tail)]));
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(FrameTooLargeError);
          expect((error as FrameTooLargeError).length).toBe(length);
          expect((error as FrameTooLargeError).max).toBe(max);
          // Nothing close to `length` was reserved (the largest legit buffer here is < 2 MiB).
          expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(4 * 1024 * 1024);
        },
      ),
      params(20_000),
    );
  });

  it('arbitrary garbage never throws anything but FrameTooLargeError from the reader, and the codec throws plain errors (20,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.array(fc.nat(), { maxLength: 6 }), (garbage, cuts) => {
        const reader = new FrameReader(1024, 8);
        try {
          for (const chunk of split(Buffer.from(garbage), cuts)) {
            for (const f of reader.push(chunk)) {
              expect(f.length).toBeLessThanOrEqual(1024);
              try {
                decodeMessage(f);
              } catch (e) {
                expect(e).toBeInstanceOf(Error);
              }
            }
          }
        } catch (e) {
          expect(e).toBeInstanceOf(FrameTooLargeError);
        }
      }),
      params(20_000),
    );
  });
});
