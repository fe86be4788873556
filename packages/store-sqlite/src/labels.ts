import type { LabelRequest } from '@wismo/core'
import { checkLabelInput, claimLabel, type LabelMethods, saveLabel } from '@wismo/core/sql'
import type { Scope } from './db.ts'
import { toLabelRequest } from './rows.ts'

/**
 * Label requests (see `createShipment`): each claim or save reads and writes its row inside one
 * `IMMEDIATE` transaction, so concurrent callers in any process are serialised.
 */
export function labelMethods({ db, one, run }: Scope): LabelMethods {
  const read = (key: string) => {
    const row = one('SELECT record FROM label_requests WHERE key = ?', key)
    return row ? toLabelRequest(row) : null
  }
  const write = (request: LabelRequest) =>
    run(
      `INSERT INTO label_requests (key, order_id, record) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET record = excluded.record`,
      request.key,
      request.orderId,
      JSON.stringify(request),
    )
  const claim = db.transaction((input: Parameters<LabelMethods['claimLabelRequest']>[0]) => {
    const { write: changed, ...result } = claimLabel(read(input.key), input)
    if (changed) write(result.request)
    return result
  })
  const save = db.transaction((input: Parameters<LabelMethods['saveLabelRequest']>[0]) => {
    const request = saveLabel(read(input.key), input)
    write(request)
    return request
  })
  return {
    async claimLabelRequest(input) {
      checkLabelInput(input)
      return claim.immediate(input)
    },
    async saveLabelRequest(input) {
      checkLabelInput(input)
      return save.immediate(input)
    },
    async getLabelRequest(key) {
      return read(key)
    },
  }
}
