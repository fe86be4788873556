/** Messages between the scale-out test and its worker processes (over the fork IPC channel). */

export interface WorkerConfig {
  url: string
  schema: string
  /** Schema of the fake provider's tables (sends and send attempts). */
  provider: string
  workerId: string
  streamFile: string
  indices: number[]
  /** Concurrent ingest calls inside the process. */
  lanes: number
  leaseMs: number
  /** Simulated provider latency per send. */
  sendMs: number
}

export type ToWorker = { type: 'start'; config: WorkerConfig } | { type: 'drain' }

export interface WorkerStats {
  workerId: string
  ingested: number
  outcomes: Record<string, number>
  /** Commits that lost a version check (or a create race) to another process. */
  racesLost: number
  ingestRetries: number
  claimed: number
  completed: number
  leaseLost: number
}

export type FromWorker =
  | { type: 'ack'; index: number }
  | { type: 'claimed'; count: number }
  | { type: 'ingested' }
  | { type: 'done'; stats: WorkerStats }
  | { type: 'failed'; error: string }
