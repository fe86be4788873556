import type { LabelRequest } from '@wismo/core'
import { checkLabelInput, claimLabel, type LabelMethods, saveLabel } from '@wismo/core/sql'
import type { Scope, Sql } from './db.ts'
import { toLabelRequest } from './rows.ts'

/**
 * Label requests (see `createShipment`). A claim first inserts the row if it is missing
 * (`ON CONFLICT DO NOTHING`: of concurrent first claimers exactly one inserts, and holds the
 * lease), otherwise it locks the row (`FOR UPDATE`) and decides with `claimLabel`.
 */
export function labelMethods({ s, sql, tx }: Scope): LabelMethods {
  const readLocked = async (query: Sql, key: string) => {
    const [row] = await query(`SELECT record FROM ${s}.label_requests WHERE key = $1 FOR UPDATE`, [key])
    return row ? toLabelRequest(row) : null
  }
  const update = (query: Sql, request: LabelRequest) =>
    query(`UPDATE ${s}.label_requests SET record = $2 WHERE key = $1`, [request.key, JSON.stringify(request)])
  return {
    async claimLabelRequest(input) {
      checkLabelInput(input)
      const fresh = claimLabel(null, input).request
      const inserted = await sql(
        `INSERT INTO ${s}.label_requests (key, order_id, record) VALUES ($1, $2, $3)
          ON CONFLICT (key) DO NOTHING RETURNING key`,
        [fresh.key, fresh.orderId, JSON.stringify(fresh)],
      )
      if (inserted.length) return { request: fresh, held: true }
      return tx(async (query) => {
        const { write, ...result } = claimLabel(await readLocked(query, input.key), input)
        if (write) await update(query, result.request)
        return result
      })
    },
    async saveLabelRequest(input) {
      checkLabelInput(input)
      return tx(async (query) => {
        const request = saveLabel(await readLocked(query, input.key), input)
        await update(query, request)
        return request
      })
    },
    async getLabelRequest(key) {
      const [row] = await sql(`SELECT record FROM ${s}.label_requests WHERE key = $1`, [key])
      return row ? toLabelRequest(row) : null
    },
  }
}
