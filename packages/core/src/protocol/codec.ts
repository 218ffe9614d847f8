/**
 * msgpack settings shared with the Go engine (vmihailenco/msgpack/v5), as verified in
 * notes/node-interop.md: no records (extensions Go cannot read), `undefined` as nil, int64 as a
 * number when it is safe, timestamps as `Date`, and byte slices copied out of the read buffer
 * (the frame reader reuses its buffer, so views into it would be overwritten).
 */
import { Packr, Unpackr } from 'msgpackr';

const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: true, moreTypes: false });
// 'auto' (number when safe, BigInt beyond 2^53) is supported at run time but missing from
// msgpackr's type declarations.
const unpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: 'auto' as 'number',
  copyBuffers: true,
});

export function encodeMessage(value: unknown): Buffer {
  return packr.pack(value);
}

export function decodeMessage(payload: Uint8Array): unknown {
  return unpackr.unpack(payload);
}
