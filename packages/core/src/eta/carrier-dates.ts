/**
 * Carrier dates arrive in many shapes (`20240502`, `05/02/2024`, `2024-05-02 14:03`,
 * `2024-05-02T14:03:00+0200`). They are normalized to Wismo's carrier times without moving them
 * to UTC: a date stays a local date, a wall-clock time stays local, an offset is kept.
 */

import type { EtaEstimate, EtaSource } from '../domain/schemas.ts'
import { parseCarrierTime } from '../domain/time.ts'
import { WismoError } from '../errors.ts'
import { zonedTimeToInstant } from './zone.ts'

/** Rewrites of common carrier formats into carrier times; data, tried in order. */
const FORMATS: ReadonlyArray<{ pattern: RegExp; rewrite: (m: RegExpExecArray) => string }> = [
  { pattern: /^(\d{4})(\d{2})(\d{2})$/, rewrite: (m) => `${m[1]}-${m[2]}-${m[3]}` },
  {
    pattern: /^(\d{4})(\d{2})(\d{2})[ T]?(\d{2})(\d{2})(\d{2})$/,
    rewrite: (m) => `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`,
  },
  { pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, rewrite: (m) => `${m[3]}-${m[1]}-${m[2]}` },
  { pattern: /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/, rewrite: (m) => `${m[1]}T${m[2]}` },
  { pattern: /^(.+T[\d:.]+)([+-]\d{2})(\d{2})$/, rewrite: (m) => `${m[1]}${m[2]}:${m[3]}` },
  { pattern: /^(.+T[\d:.]+)([+-]\d{2})$/, rewrite: (m) => `${m[1]}${m[2]}:00` },
]

/**
 * Normalize a carrier's date or date-time to a carrier time, or `null` when it is not a real one.
 * US-style `MM/DD/YYYY` is read month first.
 * @example
 * parseCarrierDate('20240502') // '2024-05-02'
 * parseCarrierDate('2024-05-02 14:03') // '2024-05-02T14:03'
 * parseCarrierDate('2024-05-02T14:03:00+0200') // '2024-05-02T14:03:00+02:00'
 * parseCarrierDate('2024-02-30') // null
 */
export function parseCarrierDate(value: string): string | null {
  const text = value.trim()
  if (parseCarrierTime(text)) return text
  for (const { pattern, rewrite } of FORMATS) {
    const m = pattern.exec(text)
    if (m) {
      const candidate = rewrite(m)
      return parseCarrierTime(candidate) ? candidate : null
    }
  }
  return null
}

/**
 * The instant of a carrier time. Local times and dates have no offset, so they are read in
 * `timeZone` (a date counts as its local noon, the middle of the day it names).
 * @example carrierTimeToMs('2024-05-02', 'Europe/Berlin') // Date.parse('2024-05-02T10:00:00Z')
 */
export function carrierTimeToMs(value: string, timeZone: string): number {
  const parsed = parseCarrierTime(value)
  if (!parsed) throw new WismoError('INPUT_INVALID', `Not a carrier time: ${value}`)
  if (parsed.kind === 'instant') return parsed.sortKey
  const wallMs = parsed.sortKey - Date.parse(`${value.slice(0, 10)}T00:00:00Z`)
  const minutes = parsed.kind === 'date' ? 12 * 60 : Math.floor(wallMs / 60_000)
  return (
    zonedTimeToInstant(value.slice(0, 10), minutes, timeZone) + (parsed.kind === 'date' ? 0 : wallMs % 60_000)
  )
}

/** A carrier's estimate as an adapter hands it over (`madeAt` optional, dates in any known format). */
export interface CarrierEstimateInput {
  source: EtaSource
  date: string
  earliest?: string | null
  latest?: string | null
  confidence: number
  madeAt?: string
}

/**
 * Validate and normalize carrier estimates; `madeAt` defaults to `now`. Throws `INPUT_INVALID`
 * naming the first bad field.
 * @example normalizeCarrierEstimates([{ source: 'carrier_scheduled', date: '20240502', confidence: 0.7 }], '2024-04-30T10:00:00Z')
 */
export function normalizeCarrierEstimates(list: readonly CarrierEstimateInput[], now: string): EtaEstimate[] {
  return list.map((e, i) => {
    const field = (name: string, v: string | null | undefined) => {
      if (v == null) return null
      const parsed = parseCarrierDate(v)
      if (parsed === null)
        throw new WismoError('INPUT_INVALID', `carrierEstimates[${i}].${name} is not a date: ${v}`)
      return parsed
    }
    if (!(e.confidence >= 0 && e.confidence <= 1)) {
      throw new WismoError('INPUT_INVALID', `carrierEstimates[${i}].confidence must be in [0, 1]`)
    }
    return {
      source: e.source,
      date: field('date', e.date) as string,
      earliest: field('earliest', e.earliest),
      latest: field('latest', e.latest),
      confidence: e.confidence,
      madeAt: e.madeAt ?? now,
    }
  })
}
