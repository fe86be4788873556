import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js'
import { WismoError } from '../../errors.ts'

/**
 * A phone number in E.164 (`+14155550123`), the form SMS providers want. A number written
 * without its country code is read in `defaultCountry` (ISO 3166-1 alpha-2, `US`, `DE`).
 * Throws `INPUT_INVALID` (`details.field: 'phone'`) for anything that is not a valid number.
 * @example toE164('(415) 555-0123', 'US') // '+14155550123'
 */
export function toE164(phone: string, defaultCountry?: string): string {
  const country = defaultCountry?.toUpperCase()
  if (country !== undefined && !isSupportedCountry(country)) {
    throw invalid(phone, `unknown default country "${defaultCountry}"`)
  }
  const parsed = parsePhoneNumberFromString(phone.trim(), country as CountryCode | undefined)
  if (!parsed?.isValid()) {
    throw invalid(
      phone,
      country ? `not a valid phone number in ${country}` : 'not a valid international phone number',
    )
  }
  return parsed.number
}

function invalid(phone: string, reason: string): WismoError {
  // The number itself is personal data: the message names the problem, not the digits.
  return new WismoError('INPUT_INVALID', `Phone number is invalid: ${reason}`, {
    details: { field: 'phone', length: phone.length },
  })
}
