/**
 * `@wismo/core/sql`: the dialect-independent pieces shared by the SQL store adapters
 * (`@wismo/store-sqlite`, `@wismo/store-postgres`). SQL text, placeholders, JSON decoding and
 * transactions stay in each adapter.
 * @packageDocumentation
 */

export { checkLabelInput, claimLabel, saveLabel } from '../label-requests.ts'
export { type BucketOutcome, type BucketTake, bucketTake, refusal, takeFromBucket } from '../token-buckets.ts'
export { mapStoreErrors } from './errors.ts'
export { feedbackListKey, feedbackSinceKey, toFeedback } from './feedback.ts'
export * from './ops.ts'
export { clampLimit, decodeCursor, encodeCursor, isEventKey, isText, pageOf } from './paging.ts'
export * from './queue.ts'
export * from './rows.ts'
export * from './values.ts'
