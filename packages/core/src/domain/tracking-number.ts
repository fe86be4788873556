import { z } from 'zod'

/**
 * The one normalization of tracking numbers, used at every entry point (registration, ingest,
 * lookups, dedup keys): whitespace and dashes dropped, letters upper-cased — the form carriers
 * print on labels and their APIs accept. `acme 0000 0003`, `ACME-0000-0003` and `ACME00000003`
 * are one parcel.
 * @example normalizeTrackingNumber(' 1z 999-aa1 ') // '1Z999AA1'
 */
export function normalizeTrackingNumber(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase()
}

/** Longest tracking number accepted, after normalization. */
export const MAX_TRACKING_NUMBER_LENGTH = 60

const SHAPE = /^[A-Z0-9]+$/

/**
 * The one validation rule for tracking numbers (every entry point): after
 * {@link normalizeTrackingNumber}, 1 to 60 letters and digits. One character is enough —
 * EasyPost's own test tracker has the code `1`. Parses to the normalized form.
 * @example TrackingNumberSchema.parse('ez 1000-000001') // 'EZ1000000001'
 */
export const TrackingNumberSchema = z
  .string()
  .max(200)
  .transform(normalizeTrackingNumber)
  .pipe(
    z
      .string()
      .min(1, 'a tracking number needs at least one letter or digit')
      .max(
        MAX_TRACKING_NUMBER_LENGTH,
        `a tracking number has at most ${MAX_TRACKING_NUMBER_LENGTH} characters`,
      )
      .regex(SHAPE, 'a tracking number holds letters and digits only (spaces and dashes are dropped)'),
  )
