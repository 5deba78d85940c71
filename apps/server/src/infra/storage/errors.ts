// Errors shared by the storage implementations.

/** The key does not name a stored object. Routes map it to 404. */
export class ObjectNotFound extends Error {
  readonly code = 'OBJECT_NOT_FOUND';
  constructor(readonly key: string) {
    super(`object not found: ${key}`);
  }
}

/** Storage keys are random ids chosen by the server; anything else is refused so no path or prefix can be injected. */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function assertKey(key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new ObjectNotFound(String(key));
}

/** Checks a byte range against the object size; `end` is inclusive. */
export function assertRange(range: { start: number; end: number } | undefined, size: number): void {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= size) {
    throw new RangeError(`invalid range ${start}-${end} for size ${size}`);
  }
}
