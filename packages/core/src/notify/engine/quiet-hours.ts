/**
 * When quiet hours end, if `now` falls inside them in `timeZone`; else null. `start` after `end`
 * spans midnight (`21:00`–`08:00`). The answer is the first instant at or after `now` whose local
 * time is `end`, found minute by minute around the zone's offset (DST-safe).
 * @example quietUntil({ start: '21:00', end: '08:00' }, 'Europe/Berlin', new Date('2026-03-02T22:30:00Z')) // '2026-03-03T07:00:00.000Z'
 */
export function quietUntil(
  quiet: { start: string; end: string } | null,
  timeZone: string,
  now: Date,
): string | null {
  if (!quiet) return null
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
  const [start, end] = [minutes(quiet.start), minutes(quiet.end)]
  if (start === end) return null
  const local = localMinutes(now, timeZone)
  const inside = start < end ? local >= start && local < end : local >= start || local < end
  if (!inside) return null
  const wait = (end - local + 1440) % 1440
  // Land on the local `end` even across a DST change: step until the local clock shows it.
  let at = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + wait * 60_000)
  for (let i = 0; i < 120 && localMinutes(at, timeZone) !== end; i++) {
    const drift = (localMinutes(at, timeZone) - end + 1440) % 1440
    at = new Date(at.getTime() + (drift > 720 ? 1 : -1) * 60_000)
  }
  return at.toISOString()
}

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return get('hour') * 60 + get('minute')
}
