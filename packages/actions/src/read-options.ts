/**
 * Checks shared by the read-side functions (list, status, history, get*, testRelease): counts and
 * revisions must be whole numbers, caught here with the option's name instead of as a msgpack
 * decoding error from the engine.
 */
import { InvalidArgumentError } from '@helm-sdk/core';

/** Throws `InvalidArgumentError` when one of `keys` is set to a non-integer. */
export function checkIntegers<T extends object>(action: string, options: T, keys: readonly (keyof T & string)[]): void {
  for (const key of keys) {
    const value = options[key];
    if (value !== undefined && !Number.isInteger(value)) {
      throw new InvalidArgumentError(`${action}: option '${key}' must be a whole number, got ${String(value)}`, action, { input: key });
    }
  }
}
