import { type Logger, redactText } from '../logger.ts'
import type { WismoStore } from '../store/contract.ts'
import type { OutboxLogKind } from '../store/ops.ts'

/**
 * The store as the notification engine sees it: every note, send and failure it records on an
 * outbox row is also appended to that row's attempt log (`listOutboxLog`), which the ops dashboard
 * shows. The log is diagnostic: a failed append is logged and never fails the send it describes.
 */
export function withAttemptLog(store: WismoStore, log: Logger): WismoStore {
  const append = async (
    outboxId: string,
    workerId: string,
    at: string,
    kind: OutboxLogKind,
    text: string,
  ) => {
    await store
      .appendOutboxLog([{ outboxId, workerId, at, kind, text: redactText(text).slice(0, 2000) }])
      .catch((error: unknown) => log.warn({ outboxId, error }, 'outbox attempt log: append failed'))
  }
  return Object.assign(Object.create(store) as WismoStore, {
    async noteOutbox(input: Parameters<WismoStore['noteOutbox']>[0]) {
      await store.noteOutbox(input)
      await append(input.id, input.workerId, input.now, 'note', input.note)
    },
    async completeOutbox(input: Parameters<WismoStore['completeOutbox']>[0]) {
      await store.completeOutbox(input)
      const text = input.providerMessageId ? `done: provider message ${input.providerMessageId}` : 'done'
      await append(input.id, input.workerId, input.now, 'done', text)
    },
    async failOutbox(input: Parameters<WismoStore['failOutbox']>[0]) {
      await store.failOutbox(input)
      const kind = input.retryAt === null ? 'dead' : 'failed'
      const text = input.retryAt === null ? input.error : `${input.error} (next try ${input.retryAt})`
      await append(input.id, input.workerId, input.now, kind, text)
    },
  })
}
