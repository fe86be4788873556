/**
 * Finds and joins the Olist tables: the 10,000-order subset in ../shared/data/olist or the full
 * public Kaggle dataset (olist_*_dataset.csv). Timestamps are Brasília wall-clock times.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { zonedTimeToInstant } from '../../packages/core/src/eta/zone.ts'
import { parseCsv } from './csv.ts'

export const OLIST_ZONE = 'America/Sao_Paulo'

/** The file names each table goes by: the shared subset's first, Kaggle's second. */
const TABLES = {
  orders: ['orders.csv', 'olist_orders_dataset.csv'],
  customers: ['customers.csv', 'olist_customers_dataset.csv'],
  items: ['order_items.csv', 'olist_order_items_dataset.csv'],
  products: ['products.csv', 'olist_products_dataset.csv'],
  sellers: ['olist_sellers_dataset.csv', 'sellers.csv'],
} as const

export interface OlistOrder {
  id: string
  status: string
  purchasedMs: number
  handedOverMs: number | null
  deliveredMs: number | null
  /** The shop's own estimated delivery date (local). */
  estimatedDate: string | null
  sellerId: string | null
  sellerState: string | null
  customerState: string | null
  customerZip: string | null
  freight: number | null
  weightKg: number | null
  volumeCm3: number | null
}

/** Path of the folder holding the tables, or a reason why none was found. */
export function locateOlist(dir: string): { dir: string } | { reason: string } {
  for (const candidate of [dir, join(dir, 'olist')]) {
    const missing = Object.values(TABLES).filter(
      (names) => !names.some((n) => existsSync(join(candidate, n))),
    )
    if (missing.length === 0) return { dir: candidate }
  }
  return { reason: `no Olist tables (orders, customers, order_items, products, sellers) under ${dir}` }
}

function readTable(dir: string, names: readonly string[]): Record<string, string>[] {
  const name = names.find((n) => existsSync(join(dir, n))) as string
  return parseCsv(readFileSync(join(dir, name), 'utf8'))
}

/** Brasília wall-clock `YYYY-MM-DD HH:mm:ss` → epoch ms. */
export function localToMs(value: string | undefined): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value ?? '')
  if (!m) return null
  const [, date, h, mi, s] = m
  return zonedTimeToInstant(date as string, Number(h) * 60 + Number(mi), OLIST_ZONE) + Number(s) * 1000
}

const num = (v: string | undefined) =>
  v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v)
const zip = (v: string | undefined) => (v ? v.padStart(5, '0') : null)

/** Load and join all orders. */
export function loadOlist(dir: string): OlistOrder[] {
  const customers = new Map(readTable(dir, TABLES.customers).map((c) => [c.customer_id, c]))
  const sellers = new Map(readTable(dir, TABLES.sellers).map((s) => [s.seller_id, s]))
  const products = new Map(readTable(dir, TABLES.products).map((p) => [p.product_id, p]))
  const items = new Map<string, Record<string, string>[]>()
  for (const item of readTable(dir, TABLES.items)) {
    const list = items.get(item.order_id as string) ?? []
    list.push(item)
    items.set(item.order_id as string, list)
  }
  return readTable(dir, TABLES.orders).map((o) => {
    const its = (items.get(o.order_id as string) ?? []).sort(
      (a, b) => Number(a.order_item_id) - Number(b.order_item_id),
    )
    const first = its[0]
    const seller = first ? sellers.get(first.seller_id as string) : undefined
    const customer = customers.get(o.customer_id as string)
    const purchasedMs = localToMs(o.order_purchase_timestamp) as number
    return {
      id: o.order_id as string,
      status: o.order_status as string,
      purchasedMs,
      handedOverMs: localToMs(o.order_delivered_carrier_date),
      deliveredMs: localToMs(o.order_delivered_customer_date),
      estimatedDate: (o.order_estimated_delivery_date ?? '').slice(0, 10) || null,
      sellerId: first?.seller_id ?? null,
      sellerState: seller?.seller_state || null,
      customerState: customer?.customer_state || null,
      customerZip: zip(customer?.customer_zip_code_prefix),
      freight: its.length ? its.reduce((a, i) => a + (num(i.freight_value) ?? 0), 0) : null,
      ...parcel(its.map((i) => products.get(i.product_id as string))),
    }
  })
}

function parcel(list: (Record<string, string> | undefined)[]): {
  weightKg: number | null
  volumeCm3: number | null
} {
  const known = list.filter((p) => p !== undefined && num(p.product_weight_g) !== null)
  if (known.length === 0) return { weightKg: null, volumeCm3: null }
  const volume = (p: Record<string, string>) =>
    (num(p.product_length_cm) ?? 0) * (num(p.product_height_cm) ?? 0) * (num(p.product_width_cm) ?? 0)
  return {
    weightKg: known.reduce((a, p) => a + (num(p?.product_weight_g) ?? 0), 0) / 1000,
    volumeCm3: known.reduce((a, p) => a + volume(p as Record<string, string>), 0),
  }
}
