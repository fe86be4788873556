import { PLACES, type PlaceId } from '@wismo/carrier-sandbox'
import { beforeAll, describe, expect, it } from 'vitest'
import { geocode, warmGeocoder } from '../../src/map/index.ts'
import { distanceKm } from './geo-helpers.ts'

/** Where the sandbox's places really are (city centres, from an atlas), to check the data against. */
const REAL: Record<PlaceId, { lat: number; lon: number }> = {
  BOS: { lat: 42.36, lon: -71.06 },
  NYC: { lat: 40.71, lon: -74.01 },
  EWR: { lat: 40.74, lon: -74.17 },
  ATL: { lat: 33.75, lon: -84.39 },
  MIA: { lat: 25.76, lon: -80.19 },
  CHI: { lat: 41.88, lon: -87.63 },
  DFW: { lat: 32.78, lon: -96.8 },
  DEN: { lat: 39.74, lon: -104.99 },
  PHX: { lat: 33.45, lon: -112.07 },
  LAX: { lat: 34.05, lon: -118.24 },
  SFO: { lat: 37.77, lon: -122.42 },
  SEA: { lat: 47.61, lon: -122.33 },
  ANC: { lat: 61.22, lon: -149.9 },
  HNL: { lat: 21.31, lon: -157.86 },
  YYZ: { lat: 43.59, lon: -79.64 },
  LHR: { lat: 51.51, lon: -0.13 },
  AMS: { lat: 52.37, lon: 4.9 },
  CGN: { lat: 50.94, lon: 6.96 },
  LEJ: { lat: 51.34, lon: 12.37 },
  BER: { lat: 52.52, lon: 13.4 },
  PAR: { lat: 48.86, lon: 2.35 },
  DEL: { lat: 28.61, lon: 77.21 },
  TYO: { lat: 35.68, lon: 139.69 },
  AKL: { lat: -36.85, lon: 174.76 },
  SYD: { lat: -33.87, lon: 151.21 },
}

beforeAll(() => warmGeocoder())

describe('geocode: the sandbox network', () => {
  const ids = Object.keys(PLACES) as PlaceId[]

  it.each(ids)('places %s within 30 km of the real city, from its full address', (id) => {
    const point = geocode(PLACES[id])
    expect(point).not.toBeNull()
    expect(distanceKm(point ?? { lat: 0, lon: 0 }, REAL[id])).toBeLessThan(30)
  })

  it.each(ids)('places %s within 30 km from city, region and country alone', (id) => {
    const { city, region, country } = PLACES[id]
    const point = geocode({ city, region, country })
    expect(point?.precision).toBe('city')
    expect(distanceKm(point ?? { lat: 0, lon: 0 }, REAL[id])).toBeLessThan(30)
  })
})

describe('geocode: postal codes', () => {
  it('uses a US ZIP code first, also as ZIP+4', () => {
    const memphis = { lat: 35.05, lon: -89.93 }
    for (const postalCode of ['38118', '38118-1234', '381181234']) {
      const point = geocode({ postalCode, country: 'US', city: 'Somewhere Else' })
      expect(point?.precision).toBe('postal')
      expect(distanceKm(point ?? { lat: 0, lon: 0 }, memphis)).toBeLessThan(10)
    }
  })

  it('reads a five-digit code as a ZIP only in the US: 04435 in Germany is Schkeuditz, not Maine', () => {
    const point = geocode({ city: 'Leipzig', postalCode: '04435', country: 'DE' })
    expect(point?.precision).toBe('city')
    expect(distanceKm(point ?? { lat: 0, lon: 0 }, REAL.LEJ)).toBeLessThan(30)
  })

  it('falls back to the city when the ZIP is unknown', () => {
    expect(geocode({ city: 'Memphis', region: 'TN', postalCode: '00000', country: 'US' })?.precision).toBe(
      'city',
    )
  })
})

describe('geocode: names and countries', () => {
  const cases = [
    { name: 'Leipzig DE', location: { city: 'Leipzig', country: 'DE' }, at: { lat: 51.34, lon: 12.37 } },
    {
      name: 'São Paulo BR',
      location: { city: 'São Paulo', country: 'BR' },
      at: { lat: -23.55, lon: -46.63 },
    },
    {
      name: 'Sao Paulo without accents',
      location: { city: 'SAO PAULO', country: 'BR' },
      at: { lat: -23.55, lon: -46.63 },
    },
    {
      name: 'Toronto CA',
      location: { city: 'Toronto', region: 'ON', country: 'CA' },
      at: { lat: 43.65, lon: -79.38 },
    },
    { name: 'Tokyo JP', location: { city: 'Tokyo', country: 'JP' }, at: { lat: 35.68, lon: 139.69 } },
    { name: 'ISO-3 country', location: { city: 'Leipzig', country: 'DEU' }, at: { lat: 51.34, lon: 12.37 } },
    {
      name: 'country name',
      location: { city: 'Memphis', region: 'Tennessee', country: 'United States' },
      at: { lat: 35.15, lon: -90.05 },
    },
    {
      name: 'text only, City, ST, CC',
      location: { text: 'MEMPHIS, TN, US' },
      at: { lat: 35.15, lon: -90.05 },
    },
    { name: 'text only, City, ST', location: { text: 'Memphis, TN' }, at: { lat: 35.15, lon: -90.05 } },
    {
      name: 'a whole line in the city field',
      location: { city: 'MEMPHIS, TN' },
      at: { lat: 35.15, lon: -90.05 },
    },
    { name: 'text with a facility word', location: { text: 'Leipzig Hub' }, at: { lat: 51.34, lon: 12.37 } },
    { name: 'an exonym', location: { city: 'Cologne', country: 'Germany' }, at: { lat: 50.94, lon: 6.96 } },
    {
      name: 'an abbreviation',
      location: { city: 'FT WORTH', region: 'TX', country: 'US' },
      at: { lat: 32.75, lon: -97.33 },
    },
    {
      name: 'a state picks among same-named cities',
      location: { city: 'Springfield', region: 'IL', country: 'USA' },
      at: { lat: 39.8, lon: -89.64 },
    },
  ]

  it.each(cases)('$name', ({ location, at }) => {
    const point = geocode(location)
    expect(point).not.toBeNull()
    expect(distanceKm(point ?? { lat: 0, lon: 0 }, at)).toBeLessThan(30)
  })

  it.each([
    { name: 'an unknown city', location: { city: 'Xyzzyville', country: 'US' } },
    { name: 'a city in the wrong country', location: { city: 'Leipzig', country: 'US' } },
    { name: 'a US city in the wrong state', location: { city: 'Memphis', region: 'WA', country: 'US' } },
    { name: 'an ambiguous bare name', location: { city: 'Springfield' } },
    { name: 'an ambiguous name in text', location: { text: 'Springfield' } },
    { name: 'a country alone (never its centre)', location: { country: 'DE' } },
    { name: 'a country we do not recognise', location: { city: 'Paris', country: 'ZZ' } },
    { name: 'nothing at all', location: {} },
    { name: 'a name that is an object key in JavaScript', location: { city: 'constructor' } },
  ])('null for $name', ({ location }) => {
    expect(geocode(location)).toBeNull()
  })

  it('answers the same again from its cache', () => {
    const first = geocode({ city: 'Tokyo', country: 'JP' })
    expect(geocode({ city: 'Tokyo', country: 'JP' })).toEqual(first)
  })
})
