import { rowReaders } from '@wismo/core/sql'

/** Row → domain readers; JSON columns are TEXT, parsed here (a column that is not JSON is a damaged row). */
export const { toOrder, toShipment, toEvent, toOutbox, toDelivery, toPreferences, toLabelRequest } =
  rowReaders((value) => (value === null || value === undefined ? null : JSON.parse(String(value))))
