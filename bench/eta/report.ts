/** Scores the replay: mean absolute error, 80 % interval coverage, promise late rate and length. */
import type { Answer, Scored } from './replay.ts'

const DAY_MS = 86_400_000

export interface Row {
  name: string
  maePurchase: number | null
  maeHandover: number | null
  coverage80: number | null
  promiseLate: number | null
  promiseDays: number | null
  n: number
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)

function rowFor(
  name: string,
  scored: Scored[],
  pick: (s: Scored, from: 'purchase' | 'handover') => Answer | null,
): Row {
  const at = scored.map((s) => ({ s, a: pick(s, 'purchase') })).filter((x) => x.a !== null)
  const ho = scored.map((s) => ({ s, a: pick(s, 'handover') })).filter((x) => x.a !== null)
  const delivered = (s: Scored) => s.order.deliveredMs as number
  return {
    name,
    maePurchase: mean(at.map(({ s, a }) => Math.abs(delivered(s) - (a as Answer).median) / DAY_MS)),
    maeHandover: mean(ho.map(({ s, a }) => Math.abs(delivered(s) - (a as Answer).median) / DAY_MS)),
    coverage80: mean(
      at.map(({ s, a }) => Number(delivered(s) >= (a as Answer).low && delivered(s) <= (a as Answer).high)),
    ),
    promiseLate: mean(at.map(({ s, a }) => Number(delivered(s) > (a as Answer).promise))),
    promiseDays: mean(at.map(({ s, a }) => ((a as Answer).promise - s.order.purchasedMs) / DAY_MS)),
    n: at.length,
  }
}

export function score(scored: Scored[]): Row[] {
  const shop = (s: Scored): Answer | null =>
    s.shop === null ? null : { median: s.shop, low: Number.NaN, high: Number.NaN, promise: s.shop }
  const shopRow = rowFor('shop estimated date', scored, (s) => shop(s))
  return [
    { ...shopRow, coverage80: null },
    rowFor('lane median (online)', scored, (s, from) => s.lane[from]),
    rowFor('wismo estimator', scored, (s, from) => s.wismo[from]),
  ]
}

const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits))

export function table(rows: Row[]): string {
  const head = [
    'predictor',
    'n',
    'mae_purchase',
    'mae_handover',
    'coverage80',
    'promise_late',
    'promise_days',
  ]
  const body = rows.map((r) => [
    r.name,
    String(r.n),
    fmt(r.maePurchase),
    fmt(r.maeHandover),
    fmt(r.coverage80, 3),
    fmt(r.promiseLate, 3),
    fmt(r.promiseDays),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

/** MAE at purchase per purchase month (for seeing the November peak). */
export function byMonth(scored: Scored[], zoneDate: (ms: number) => string): string {
  const months = new Map<string, Scored[]>()
  for (const s of scored) {
    const m = zoneDate(s.order.purchasedMs).slice(0, 7)
    months.set(m, [...(months.get(m) ?? []), s])
  }
  const lines = ['month     n     shop   lane  wismo  wismo_ho  wismo_late']
  for (const [m, list] of [...months].sort()) {
    const [shop, lane, wismo] = score(list)
    lines.push(
      `${m}  ${String(list.length).padStart(4)}  ${fmt(shop?.maePurchase ?? null).padStart(5)}  ${fmt(lane?.maePurchase ?? null).padStart(5)}  ${fmt(wismo?.maePurchase ?? null).padStart(5)}  ${fmt(wismo?.maeHandover ?? null).padStart(8)}  ${fmt(wismo?.promiseLate ?? null, 3).padStart(10)}`,
    )
  }
  return lines.join('\n')
}
