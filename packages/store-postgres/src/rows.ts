import { rowReaders } from '@wismo/core/sql'

/** Row → domain readers; a jsonb column arrives parsed (`pg`, PGlite) or, for some clients, as text. */
export const { toOrder, toShipment, toEvent, toOutbox, toDelivery, toPreferences, toLabelRequest } =
  rowReaders((value) => (typeof value !== 'string' ? (value ?? null) : JSON.parse(value)))
