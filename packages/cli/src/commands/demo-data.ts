/** The demo's customers: fictional people in several time zones and locales. */
export const CUSTOMERS = [
  {
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    phone: '+5511912345678',
    locale: 'pt-BR',
    timeZone: 'America/Sao_Paulo',
  },
  { name: 'Jonas Weber', email: 'jonas.weber@example.com', locale: 'de-DE', timeZone: 'Europe/Berlin' },
  { name: 'Mei Tanaka', email: 'mei.tanaka@example.com', locale: 'ja-JP', timeZone: 'Asia/Tokyo' },
  {
    name: 'Sam Carter',
    email: 'sam.carter@example.com',
    phone: '+14155550123',
    locale: 'en-US',
    timeZone: 'America/Chicago',
  },
  { name: 'Zoë Martin', email: 'zoe.martin@example.com', locale: 'fr-FR', timeZone: 'Europe/Paris' },
] as const

/** One journey of each kind, so the demo shows every path through the state machine. */
export const SCENARIO_CYCLE = ['delivered', 'failedAttempt', 'exception', 'returned', 'lost'] as const

/** The shop's warehouses: where the demo's parcels leave from (places the sandbox network serves). */
const WAREHOUSES = {
  boston: {
    name: 'Wismo Demo Shop',
    street1: '1 Harbor St',
    city: 'Boston',
    region: 'MA',
    postalCode: '02210',
    country: 'US',
  },
  newYork: {
    name: 'Wismo Demo Shop',
    street1: '11 W 30th St',
    city: 'New York',
    region: 'NY',
    postalCode: '10001',
    country: 'US',
  },
  amsterdam: {
    name: 'Wismo Demo Shop',
    street1: 'Kade 12',
    city: 'Amsterdam',
    postalCode: '1011 AB',
    country: 'NL',
  },
  tokyo: {
    name: 'Wismo Demo Shop',
    street1: '2-1 Koto',
    city: 'Tokyo',
    postalCode: '135-0061',
    country: 'JP',
  },
  berlin: {
    name: 'Wismo Demo Shop',
    street1: 'Lagerstraße 5',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
} as const

/** Where each customer's order ships from and to (by index in CUSTOMERS). */
export const SHIPPING = [
  {
    from: WAREHOUSES.newYork,
    to: { street1: '200 Biscayne Blvd', city: 'Miami', region: 'FL', postalCode: '33126', country: 'US' },
  },
  {
    from: WAREHOUSES.amsterdam,
    to: { street1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
  },
  {
    from: WAREHOUSES.tokyo,
    to: { street1: '400 Pine St', city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' },
  },
  {
    from: WAREHOUSES.boston,
    to: { street1: '1600 Glenarm Pl', city: 'Denver', region: 'CO', postalCode: '80249', country: 'US' },
  },
  {
    from: WAREHOUSES.berlin,
    to: { street1: '10 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  },
] as const
