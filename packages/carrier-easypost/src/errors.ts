import { type HttpClient, isWismoError, WismoError } from '@wismo/core'
import { type EasypostError, EasypostErrorSchema } from './schema.ts'

/**
 * Statuses whose body says why: core's HTTP client maps them to `CARRIER_REQUEST_REJECTED` with
 * the body in `details.body`; the adapter reads EasyPost's `{ error: { code, message, errors } }`
 * from it. 401/403/404/408/429 and 5xx keep the client's codes (auth, not found, retries).
 */
const EXPLAINED = new Set([400, 402, 409, 422])

/** Address parts as EasyPost names them → the names of Wismo's `PostalAddress`. */
const ADDRESS_PARTS: Readonly<Record<string, string>> = {
  name: 'name',
  company: 'company',
  street1: 'street1',
  street2: 'street2',
  city: 'city',
  state: 'region',
  zip: 'postalCode',
  country: 'country',
  phone: 'phone',
  email: 'email',
}

/**
 * The HTTP client with EasyPost's explained refusals (400, 402, 409, 422) turned into coded errors
 * carrying EasyPost's code, message and field errors: an address problem is
 * `SHIPMENT_ADDRESS_INVALID` with `details.field` (`to.postalCode`), anything else
 * `CARRIER_REQUEST_REJECTED`. Other answers and errors pass through unchanged.
 * @example const api = explainRefusals(http) // done for you by the carrier's setup
 */
export function explainRefusals(http: HttpClient): HttpClient {
  return {
    request: (path, request) =>
      http.request(path, request).catch((e: unknown) => {
        const status = isWismoError(e) ? (e.details as { status?: number } | undefined)?.status : undefined
        if (status === undefined || !EXPLAINED.has(status)) throw e
        throw refusal(status, (e as WismoError).details?.body ?? null)
      }),
  } as HttpClient
}

/**
 * The coded error for one explained refusal.
 * @example refusal(422, { error: { code: 'ADDRESS.VERIFY.FAILURE', errors: [{ field: 'zip' }] } }).details?.field // 'to.postalCode'
 */
export function refusal(status: number, body: unknown): WismoError {
  const parsed = EasypostErrorSchema.safeParse(body)
  const error = parsed.success ? parsed.data.error : null
  const fields = fieldErrors(error)
  const details = {
    status,
    easypostCode: error?.code ?? null,
    easypostMessage: error?.message ?? null,
    errors: fields,
  }
  const summary = [error?.code, error?.message].filter(Boolean).join(': ') || `HTTP ${status}`
  const addressField = addressFieldOf(error?.code, fields)
  if (addressField)
    return new WismoError('SHIPMENT_ADDRESS_INVALID', `EasyPost refused an address (${summary})`, {
      details: { ...details, field: addressField },
    })
  return new WismoError('CARRIER_REQUEST_REJECTED', `EasyPost refused the request (${summary})`, { details })
}

interface FieldError {
  field: string | null
  message: string | null
}

function fieldErrors(error: EasypostError['error'] | null): FieldError[] {
  return (error?.errors ?? []).map((e) =>
    typeof e === 'string'
      ? { field: null, message: e }
      : { field: e.field ?? null, message: e.message ?? null },
  )
}

/**
 * The Wismo field of an address refusal (`to.postalCode`, `from.street1`, `to`), or null when the
 * refusal is not about an address. EasyPost names the side (`to_address.zip`) only sometimes; an
 * unnamed side is taken as the recipient's, the shop's own from-address being fixed and checked once.
 */
function addressFieldOf(code: string | null | undefined, fields: readonly FieldError[]): string | null {
  const isAddressCode = /^ADDRESS\./i.test(code ?? '')
  for (const f of fields) {
    const m = /^(?:(to|from)_address)?[.[]?([a-z0-9_]+)?\]?$/i.exec(f.field?.trim() ?? '')
    if (!m) continue
    const [, side, part] = m
    const wismoPart = part ? ADDRESS_PARTS[part.toLowerCase()] : undefined
    if (side && wismoPart) return `${side.toLowerCase()}.${wismoPart}`
    if (side) return side.toLowerCase()
    if (isAddressCode && wismoPart) return `to.${wismoPart}`
  }
  if (isAddressCode) return 'to'
  return null
}
