/**
 * A deep copy of stored data, so no caller can change what a memory store holds: plain objects
 * and arrays are copied directly (several times cheaper than `structuredClone` for the small
 * records a store keeps); anything else (bytes, dates) goes through `structuredClone`.
 * @example const mine = copyData(shipment) // changing `mine` leaves the store's copy as it was
 */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(copyData) as T
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = copyData((value as Record<string, unknown>)[key])
  return out as T
}
