/**
 * Tracking page bench: how long the server takes to answer an order's page, against the store
 * reads the page needs (the order, its shipments, their histories) in the same run, and how big
 * the page is (HTML with its inline CSS and map; there is no JavaScript):
 *   node --conditions=@wismo/source bench/tracking-page/run.ts [--orders 50] [--rounds 20]
 * Orders are sandbox journeys of every kind (delivered, failed attempt, exception, returned,
 * lost) on the memory store, so the figures are the page's own work, not a database's.
 */
import { parseArgs } from 'node:util'
import { type Journey, world } from '../../packages/tracking-page/test/support.ts'

const { values: args } = parseArgs({
  options: { orders: { type: 'string', default: '50' }, rounds: { type: 'string', default: '20' } },
})
const ORDERS = Number(args.orders)
const ROUNDS = Number(args.rounds)
const JOURNEYS: Journey[] = ['delivered', 'failedAttempt', 'exception', 'returned', 'lost']

// The page's own test world: sandbox carrier, memory store, signed links, the page on it.
const { wismo, page, order, link } = world()
for (let i = 0; i < ORDERS; i++) await order(`B-${1000 + i}`, JOURNEYS[i % JOURNEYS.length] as Journey)
// Links made once the simulated clock stops, so none expires during the run.
const paths: string[] = []
for (let i = 0; i < ORDERS; i++) paths.push(await link(`B-${1000 + i}`))

const warmStart = performance.now()
page.warm()
const warmMs = performance.now() - warmStart

/** The store reads one page needs, without rendering. */
async function reads(path: string) {
  const { orderId } = await wismo.openTrackingLink(path.split('/o/')[1] as string)
  await wismo.getOrder(orderId)
  for (const s of await wismo.listShipments(orderId)) await wismo.getShipment(s.id)
}
async function render(path: string) {
  const response = await page.handle(new Request(`http://shop.test${path}`))
  return response.text()
}

// The first view of each order draws its map (kept until the shipment changes): timed apart.
for (const p of paths) await reads(p)
const sizes: string[] = []
const firstMs: number[] = []
for (const p of paths) {
  const t = performance.now()
  sizes.push(await render(p))
  firstMs.push(performance.now() - t)
}
// Then alternate reads and pages so noise hits both alike.
const readMs: number[] = []
const pageMs: number[] = []
for (let r = 0; r < ROUNDS; r++)
  for (const p of paths) {
    let t = performance.now()
    await reads(p)
    readMs.push(performance.now() - t)
    t = performance.now()
    await render(p)
    pageMs.push(performance.now() - t)
  }

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? 0
const bytes = (s: string) => new TextEncoder().encode(s).length
const css = sizes.map((h) => bytes(/<style>([\s\S]*?)<\/style>/.exec(h)?.[1] ?? ''))
const svg = sizes.map((h) => bytes(/<svg[\s\S]*?<\/svg>/.exec(h)?.[0] ?? ''))
const html = sizes.map(bytes)
const gzip = async (s: string) =>
  (await new Response(new Blob([s]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer())
    .byteLength
const gz = await Promise.all(sizes.map(gzip))
const median = (xs: number[]) => quantile(xs, 0.5)
console.log(
  `orders: ${ORDERS} (${JOURNEYS.join(', ')}), ${ROUNDS} rounds, memory store; geocoder warm-up ${warmMs.toFixed(0)} ms`,
)
console.log('| figure | median | p95 |')
console.log('|---|---|---|')
console.log(`| page bytes (HTML incl. CSS and map) | ${median(html)} | ${quantile(html, 0.95)} |`)
console.log(`| of which inline CSS | ${median(css)} | ${quantile(css, 0.95)} |`)
console.log(`| of which map SVG | ${median(svg)} | ${quantile(svg, 0.95)} |`)
console.log(`| page bytes gzipped | ${median(gz)} | ${quantile(gz, 0.95)} |`)
console.log(`| store reads alone, ms | ${median(readMs).toFixed(3)} | ${quantile(readMs, 0.95).toFixed(3)} |`)
console.log(
  `| first view of an order (draws the map), ms | ${median(firstMs).toFixed(3)} | ${quantile(firstMs, 0.95).toFixed(3)} |`,
)
console.log(`| whole page answer, ms | ${median(pageMs).toFixed(3)} | ${quantile(pageMs, 0.95).toFixed(3)} |`)
const ratio = median(pageMs) / median(readMs)
console.log(
  `tracking-page: html_bytes=${median(html)} css_bytes=${median(css)} svg_bytes=${median(svg)} gzip_bytes=${median(gz)} render_ms_p50=${median(pageMs).toFixed(2)} render_ms_p95=${quantile(pageMs, 0.95).toFixed(2)} first_view_ms_p50=${median(firstMs).toFixed(2)} page_over_reads=${ratio.toFixed(1)}`,
)
await wismo.close()
