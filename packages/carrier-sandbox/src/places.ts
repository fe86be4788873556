/** A city the sandbox network serves: a hub, a pickup origin or a delivery destination. */
export interface Place {
  city: string
  region: string
  postalCode: string
  /** ISO 3166-1 alpha-2. */
  country: string
  /** IANA zone: scan times carry this zone's real offset at that instant (DST included). */
  timeZone: string
}

/**
 * The sandbox network. Zones were picked for variety: half-hour offsets (India), no DST
 * (Phoenix, Honolulu), southern-hemisphere DST (Auckland, Sydney), and both sides of the date line.
 */
export const PLACES = {
  BOS: { city: 'Boston', region: 'MA', postalCode: '02210', country: 'US', timeZone: 'America/New_York' },
  NYC: { city: 'New York', region: 'NY', postalCode: '10001', country: 'US', timeZone: 'America/New_York' },
  EWR: { city: 'Newark', region: 'NJ', postalCode: '07114', country: 'US', timeZone: 'America/New_York' },
  ATL: { city: 'Atlanta', region: 'GA', postalCode: '30354', country: 'US', timeZone: 'America/New_York' },
  MIA: { city: 'Miami', region: 'FL', postalCode: '33126', country: 'US', timeZone: 'America/New_York' },
  CHI: { city: 'Chicago', region: 'IL', postalCode: '60666', country: 'US', timeZone: 'America/Chicago' },
  DFW: { city: 'Dallas', region: 'TX', postalCode: '75261', country: 'US', timeZone: 'America/Chicago' },
  DEN: { city: 'Denver', region: 'CO', postalCode: '80249', country: 'US', timeZone: 'America/Denver' },
  PHX: { city: 'Phoenix', region: 'AZ', postalCode: '85034', country: 'US', timeZone: 'America/Phoenix' },
  LAX: {
    city: 'Los Angeles',
    region: 'CA',
    postalCode: '90045',
    country: 'US',
    timeZone: 'America/Los_Angeles',
  },
  SFO: {
    city: 'San Francisco',
    region: 'CA',
    postalCode: '94128',
    country: 'US',
    timeZone: 'America/Los_Angeles',
  },
  SEA: { city: 'Seattle', region: 'WA', postalCode: '98158', country: 'US', timeZone: 'America/Los_Angeles' },
  ANC: { city: 'Anchorage', region: 'AK', postalCode: '99502', country: 'US', timeZone: 'America/Anchorage' },
  HNL: { city: 'Honolulu', region: 'HI', postalCode: '96819', country: 'US', timeZone: 'Pacific/Honolulu' },
  YYZ: {
    city: 'Mississauga',
    region: 'ON',
    postalCode: 'L5P 1B2',
    country: 'CA',
    timeZone: 'America/Toronto',
  },
  LHR: { city: 'London', region: 'England', postalCode: 'TW6 2GA', country: 'GB', timeZone: 'Europe/London' },
  AMS: {
    city: 'Amsterdam',
    region: 'NH',
    postalCode: '1118 CP',
    country: 'NL',
    timeZone: 'Europe/Amsterdam',
  },
  CGN: { city: 'Köln', region: 'NW', postalCode: '51147', country: 'DE', timeZone: 'Europe/Berlin' },
  LEJ: { city: 'Leipzig', region: 'SN', postalCode: '04435', country: 'DE', timeZone: 'Europe/Berlin' },
  BER: { city: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE', timeZone: 'Europe/Berlin' },
  PAR: { city: 'Paris', region: 'IDF', postalCode: '75015', country: 'FR', timeZone: 'Europe/Paris' },
  DEL: { city: 'New Delhi', region: 'DL', postalCode: '110037', country: 'IN', timeZone: 'Asia/Kolkata' },
  TYO: { city: 'Tokyo', region: '13', postalCode: '144-0041', country: 'JP', timeZone: 'Asia/Tokyo' },
  AKL: { city: 'Auckland', region: 'AUK', postalCode: '2022', country: 'NZ', timeZone: 'Pacific/Auckland' },
  SYD: { city: 'Sydney', region: 'NSW', postalCode: '2020', country: 'AU', timeZone: 'Australia/Sydney' },
} as const satisfies Record<string, Place>

export type PlaceId = keyof typeof PLACES

/** A route the sandbox runs: pickup city, hubs in between, delivery city. */
export interface Lane {
  id: string
  /** Origin first, destination last, hubs between (at least origin and destination). */
  route: readonly PlaceId[]
  /** Where import customs clears the parcel, for lanes that cross a customs border. */
  customsAt?: PlaceId
  service: string
  /** Days the carrier promises when the label is created (its first delivery estimate). */
  transitDays: number
  /** Relative share of new shipments on this lane. */
  weight: number
}

/** Lanes, weighted toward domestic traffic; three cross the date line. */
export const LANES: readonly Lane[] = [
  { id: 'us-bos-den', route: ['BOS', 'EWR', 'CHI', 'DEN'], service: 'Ground', transitDays: 4, weight: 6 },
  { id: 'us-nyc-mia', route: ['NYC', 'EWR', 'ATL', 'MIA'], service: 'Ground', transitDays: 3, weight: 6 },
  { id: 'us-sea-phx', route: ['SEA', 'SFO', 'LAX', 'PHX'], service: 'Ground', transitDays: 3, weight: 5 },
  { id: 'us-chi-lax', route: ['CHI', 'DFW', 'PHX', 'LAX'], service: 'Ground', transitDays: 4, weight: 4 },
  { id: 'us-atl-sea', route: ['ATL', 'DFW', 'DEN', 'SEA'], service: 'Ground', transitDays: 5, weight: 3 },
  { id: 'us-lax-hnl', route: ['LAX', 'HNL'], service: 'Express', transitDays: 2, weight: 2 },
  { id: 'us-sea-anc', route: ['SEA', 'ANC'], service: 'Express', transitDays: 2, weight: 1 },
  { id: 'eu-ber-par', route: ['BER', 'LEJ', 'CGN', 'PAR'], service: 'Economy', transitDays: 3, weight: 4 },
  { id: 'eu-ams-ber', route: ['AMS', 'CGN', 'LEJ', 'BER'], service: 'Economy', transitDays: 2, weight: 3 },
  {
    id: 'gb-lhr-ber',
    route: ['LHR', 'CGN', 'BER'],
    customsAt: 'CGN',
    service: 'International Standard',
    transitDays: 4,
    weight: 2,
  },
  {
    id: 'ca-yyz-nyc',
    route: ['YYZ', 'CHI', 'NYC'],
    customsAt: 'CHI',
    service: 'International Standard',
    transitDays: 4,
    weight: 2,
  },
  {
    id: 'nz-akl-sfo',
    route: ['AKL', 'HNL', 'LAX', 'SFO'],
    customsAt: 'HNL',
    service: 'International Priority',
    transitDays: 5,
    weight: 1,
  },
  {
    id: 'jp-tyo-sea',
    route: ['TYO', 'ANC', 'SEA'],
    customsAt: 'ANC',
    service: 'International Priority',
    transitDays: 4,
    weight: 1,
  },
  {
    id: 'us-sfo-akl',
    route: ['SFO', 'HNL', 'AKL'],
    customsAt: 'AKL',
    service: 'International Priority',
    transitDays: 5,
    weight: 1,
  },
  {
    id: 'in-del-ams',
    route: ['DEL', 'LEJ', 'AMS'],
    customsAt: 'LEJ',
    service: 'International Economy',
    transitDays: 7,
    weight: 1,
  },
  {
    id: 'au-syd-akl',
    route: ['SYD', 'AKL'],
    customsAt: 'AKL',
    service: 'Express',
    transitDays: 3,
    weight: 1,
  },
]
