import { describe, expect, it } from 'vitest'
import { basemapIn } from '../../src/map/basemap.ts'
import { centralLongitude } from '../../src/map/projection.ts'

describe('centralLongitude', () => {
  it('centres on the shortest arc covering the stops, across the date line too', () => {
    expect(centralLongitude([10, 20])).toBeCloseTo(15)
    // Auckland, Honolulu, San Francisco: the arc runs east from 174.8° over 180° to -122.4°.
    expect(centralLongitude([174.76, -157.86, -122.42])).toBeCloseTo(-153.83, 1)
    expect(Math.abs(centralLongitude([-170, 170]))).toBeCloseTo(180, 5)
    expect(centralLongitude([])).toBe(0)
  })
})

describe('basemapIn', () => {
  const world = basemapIn('110m', { west: -180, east: 180, south: -90, north: 90 })

  it('keeps only land whose bounds reach the view, also a view across the date line', () => {
    const pacific = basemapIn('110m', { west: 165, east: -175, south: -48, north: -33 })
    expect(pacific.land.coordinates.length).toBeGreaterThan(0)
    expect(pacific.land.coordinates.length).toBeLessThan(world.land.coordinates.length / 4)
    // The South Atlantic between the Americas' and Africa's bounding boxes.
    const openOcean = basemapIn('110m', { west: -20, east: -10, south: -50, north: -42 })
    expect(openOcean.land.coordinates).toEqual([])
    expect(openOcean.borders.coordinates).toEqual([])
  })
})
