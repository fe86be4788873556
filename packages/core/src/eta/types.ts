/**
 * Shapes shared by the ETA estimator, the store contract and the ingest pipeline.
 * Types only: nothing here runs.
 */

/**
 * One completed delivery the ETA model learns from. The store keeps these (or derives them from
 * delivered shipments) and hands them to {@link TransitModel.learn} as deliveries complete.
 * @example
 * const record: DeliveredRecord = {
 *   shipmentId: 'shp_1', carrier: 'ups', service: 'ground',
 *   originRegion: 'SP', destinationRegion: 'RJ', originCountry: 'BR', destinationCountry: 'BR',
 *   purchasedAt: '2017-10-02T10:56:33Z', handedOverAt: '2017-10-04T19:55:00Z',
 *   deliveredAt: '2017-10-10T21:25:13Z', promisedDate: '2017-10-18',
 * }
 */
export interface DeliveredRecord {
  shipmentId: string
  carrier: string
  service: string | null
  /** Region (state, province) the parcel left from. */
  originRegion: string | null
  /** Region (state, province) the parcel went to. */
  destinationRegion: string | null
  /** A finer destination area inside the region, e.g. the first two digits of the postal code. */
  destinationArea?: string | null
  /** ISO 3166-1 alpha-2 country codes, used to pick business calendars. */
  originCountry?: string | null
  destinationCountry?: string | null
  /** When the customer bought (ISO instant). */
  purchasedAt: string | null
  /** Carrier hand-over / first carrier scan (ISO instant). */
  handedOverAt: string | null
  /** Delivery (ISO instant). */
  deliveredAt: string
  /** Date the shop promised the customer (`YYYY-MM-DD`), if any. */
  promisedDate: string | null
  /** Optional features a shop knows at purchase or hand-over time. */
  weightKg?: number | null
  volumeCm3?: number | null
  freight?: number | null
  /** The seller's usual handling time, in days. */
  handlingDays?: number | null
  /** A distance proxy between origin and destination, in km. */
  distanceKm?: number | null
  /** Silences between consecutive scans, by the milestone the shipment was at (feeds stall detection). */
  gaps?: ReadonlyArray<{ milestone: string; hours: number }>
}

/**
 * A shipment that has not been delivered yet, seen by the model only as "has waited this long":
 * a right-censored observation. Same identity and lane fields as {@link DeliveredRecord}.
 * @example
 * const waiting: InFlightRecord = { shipmentId: 'shp_2', carrier: 'ups', service: null,
 *   originRegion: 'SP', destinationRegion: 'BA', purchasedAt: '2017-11-20T09:00:00Z', handedOverAt: null }
 */
export type InFlightRecord = Omit<DeliveredRecord, 'deliveredAt' | 'promisedDate' | 'gaps'>

/** The milestone a transit time is counted from. */
export type TransitStart = 'purchase' | 'handover'

/**
 * Which shipment a model question is about: the lane keys of a {@link DeliveredRecord}.
 * @example const lane: LaneQuery = { carrier: 'ups', service: null, originRegion: 'SP', destinationRegion: 'RJ' }
 */
export type LaneQuery = Pick<DeliveredRecord, 'carrier' | 'service' | 'originRegion' | 'destinationRegion'> &
  Partial<
    Pick<
      DeliveredRecord,
      'destinationArea' | 'weightKg' | 'volumeCm3' | 'freight' | 'handlingDays' | 'distanceKm'
    >
  > & {
    /**
     * Set by the model, not by callers: log of the recent rate of new shipments (starts per day
     * over the short half-life) against its longer baseline, known at the start time.
     */
    congestion?: number | null
  }

/** The signals the detector emits, each once per episode. */
export type EtaSignal = 'delayed' | 'stalled' | 'trending_late'

/**
 * What the signal detector remembers between calls: which signals are currently active.
 * Persist it with the shipment (e.g. in metadata) and pass it back on the next scan.
 * @example const state: SignalState = { active: [] }
 */
export interface SignalState {
  active: EtaSignal[]
}
