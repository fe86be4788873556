/**
 * ETA benchmark on real Olist orders. Usage:
 *   pnpm bench:eta [data-dir] [--tune] [--promise-q=0.9] [--cutoff=HH:mm] [--model='{"shiftHalfLifeDays":7}']
 * data-dir (or WISMO_ETA_DATA) is a folder with the Olist CSVs (the shared subset or the Kaggle
 * files); default <repo>/../shared/data/olist. Skips with a reason (exit 0) when absent.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { localDateOf, zonedTimeToInstant } from '../../packages/core/src/eta/zone.ts'
import { loadOlist, locateOlist, OLIST_ZONE } from './load.ts'
import { PARAMS, SPLIT, TUNE_FROM } from './params.ts'
import { replay } from './replay.ts'
import { byMonth, score, table } from './report.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const args = process.argv.slice(2)
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const tune = args.includes('--tune')
const dataDir =
  args.find((a) => !a.startsWith('--')) ?? process.env.WISMO_ETA_DATA ?? join(root, '../shared/data')

const located = locateOlist(resolve(dataDir))
if ('reason' in located) {
  console.log(
    `bench:eta skipped: ${located.reason} (pass a folder with the Olist CSVs or set WISMO_ETA_DATA)`,
  )
  process.exit(0)
}

const midnight = (date: string) => zonedTimeToInstant(date, 0, OLIST_ZONE)
const split = midnight(SPLIT)
const all = loadOlist(located.dir)
// Tuning never loads the later part: its outcomes cannot leak into a parameter choice.
const orders = tune ? all.filter((o) => o.purchasedMs < split) : all
const options = {
  evalFrom: tune ? midnight(TUNE_FROM) : split,
  evalTo: tune ? split : Number.POSITIVE_INFINITY,
  promiseQuantile: Number(flag('promise-q') ?? PARAMS.promiseQuantile),
  cutoff: flag('cutoff') ?? PARAMS.cutoff,
  model: { ...PARAMS.model, ...JSON.parse(flag('model') ?? '{}') },
}

const started = performance.now()
const scored = replay(orders, options)
const rows = score(scored)
const period = tune
  ? `${TUNE_FROM} … ${SPLIT} (tuning split, later part not loaded)`
  : `purchased on or after ${SPLIT}`
console.log(
  `Olist ETA replay: ${orders.length} orders from ${located.dir}; scored: ${scored.length} delivered, ${period}`,
)
console.log(
  `promise quantile ${options.promiseQuantile}, cut-off ${options.cutoff ?? 'none'}, model ${JSON.stringify(options.model)}`,
)
console.log('')
console.log(table(rows))
console.log('')
console.log(byMonth(scored, (ms) => localDateOf(ms, OLIST_ZONE)))
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)
const [shop, , wismo] = rows
const f = (v: number | null | undefined, d = 2) => (v == null ? 'NaN' : v.toFixed(d))
console.log(
  `eta: mae_purchase=${f(wismo?.maePurchase)} mae_handover=${f(wismo?.maeHandover)} coverage80=${f(wismo?.coverage80, 3)} ` +
    `promise_late=${f(wismo?.promiseLate, 3)} promise_days=${f(wismo?.promiseDays)} shop_mae=${f(shop?.maePurchase)} ` +
    `shop_late=${f(shop?.promiseLate, 3)} shop_days=${f(shop?.promiseDays)}`,
)
