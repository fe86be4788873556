/**
 * Parameter search on the earlier part only: loads orders purchased before the split, scores
 * 2017-04-01 … 2017-09-30, one line per candidate. Usage:
 *   node --conditions=@wismo/source bench/eta/tune.ts '<json array of {cutoff?, promiseQuantile?, model?}>' [data-dir]
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { zonedTimeToInstant } from '../../packages/core/src/eta/zone.ts'
import { loadOlist, locateOlist, OLIST_ZONE } from './load.ts'
import { PARAMS, SPLIT, TUNE_FROM } from './params.ts'
import { replay } from './replay.ts'
import { score } from './report.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const located = locateOlist(
  resolve(process.argv[3] ?? process.env.WISMO_ETA_DATA ?? join(root, '../shared/data')),
)
if ('reason' in located) {
  console.log(`tune skipped: ${located.reason}`)
  process.exit(0)
}
const split = zonedTimeToInstant(SPLIT, 0, OLIST_ZONE)
const orders = loadOlist(located.dir).filter((o) => o.purchasedMs < split)
const candidates: Array<Partial<typeof PARAMS>> = JSON.parse(process.argv[2] ?? '[{}]')
for (const c of candidates) {
  const options = {
    evalFrom: zonedTimeToInstant(TUNE_FROM, 0, OLIST_ZONE),
    evalTo: split,
    promiseQuantile: c.promiseQuantile ?? PARAMS.promiseQuantile,
    cutoff: c.cutoff === undefined ? PARAMS.cutoff : c.cutoff,
    model: { ...PARAMS.model, ...c.model },
  }
  const wismo = score(replay(orders, options))[2]
  const f = (v: number | null | undefined, d = 3) => (v == null ? 'NaN' : v.toFixed(d))
  console.log(
    `mae=${f(wismo?.maePurchase)} ho=${f(wismo?.maeHandover)} cov=${f(wismo?.coverage80)} late=${f(wismo?.promiseLate)} days=${f(wismo?.promiseDays, 2)}  ${JSON.stringify(c)}`,
  )
}
