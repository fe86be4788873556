import { statusMapper } from '@wismo/core'
import { describe, expect, it } from 'vitest'
import { fixture } from '../test/dhl-api.ts'
import { type DhlShipment, DhlTrackResponseSchema } from './schema.ts'
import { DHL_STATUS } from './status-map.ts'
import { pickShipment, toEstimates, toUpdate } from './update.ts'

const map = statusMapper(DHL_STATUS, { carrier: 'dhl' })
const shipmentOf = (name: string, i = 0): DhlShipment => {
  const s = DhlTrackResponseSchema.parse(fixture(name)).shipments[i]
  if (!s) throw new Error(`${name} has no shipment ${i}`)
  return s
}

describe('toUpdate', () => {
  it('an Express multi-piece shipment lists its pieces; scans about one piece name it', () => {
    const u = toUpdate('3318810025', shipmentOf('express-multipiece-delivered.json'), map)
    expect(u).toMatchObject({
      carrier: 'dhl',
      trackingNumber: '3318810025',
      carrierShipmentId: 'express:3318810025',
      service: 'express',
      pieces: ['JD014600006281230704', 'JD014600002708681600'],
      origin: { city: 'LEIPZIG - GERMANY', country: 'DE' },
    })
    expect(u.events).toHaveLength(7)
    const departed = u.events.filter((e) => e.subStatus === 'departed_facility')
    expect(departed.map((e) => e.piece)).toEqual(['JD014600006281230704', 'JD014600002708681600'])
    // Scans naming every piece are about the whole shipment.
    expect(u.events.filter((e) => e.piece === undefined)).toHaveLength(5)
    // A delivered event is listed, so the proof of delivery adds no second one.
    expect(u.events.filter((e) => e.status === 'delivered')).toHaveLength(1)
    expect(u.estimates).toEqual([{ source: 'carrier_scheduled', date: '2026-03-04', confidence: 0.7 }])
  })

  it('keeps local times without an offset and offsets as DHL wrote them', () => {
    const express = toUpdate('3318810025', shipmentOf('express-multipiece-delivered.json'), map)
    expect(express.events[0]?.occurredAt).toBe('2026-03-04T10:12:00')
    const paket = toUpdate('00340434161094022115', shipmentOf('parcel-de-out-for-delivery.json'), map)
    expect(paket.events.map((e) => e.occurredAt)).toEqual([
      '2026-03-03T09:41:00+01:00',
      '2026-03-03T04:12:00+01:00',
      '2026-03-02T19:58:00+01:00',
      '2026-03-02T08:15:00+01:00',
    ])
    expect(paket.events.map((e) => e.status)).toEqual([
      'out_for_delivery',
      'in_transit',
      'in_transit',
      'info_received',
    ])
    expect(paket.pieces).toBeUndefined()
    expect(paket.destination).toEqual({ city: 'Bonn', postalCode: '53113', country: 'DE' })
    expect(paket.events[1]?.rawText).toBe('The shipment has been processed in the destination parcel center')
    expect(paket.events[1]?.rawCode).toBe('transit')
  })

  it('a delivery window becomes a carrier_window estimate with its bounds as given', () => {
    expect(toEstimates(shipmentOf('parcel-de-out-for-delivery.json'))).toEqual([
      {
        source: 'carrier_window',
        date: '2026-03-03',
        earliest: '2026-03-03T12:30:00+01:00',
        latest: '2026-03-03T14:30:00+01:00',
        confidence: 0.8,
      },
    ])
  })

  it('tracking a piece id keeps that piece’s scans and the whole shipment’s, about the tracked parcel', () => {
    const u = toUpdate('JJD000390007882765453', shipmentOf('express-piece-lookup.json'), map)
    expect(u.trackingNumber).toBe('JJD000390007882765453')
    expect(u.carrierShipmentId).toBe('express:8487135506')
    expect(u.pieces).toBeUndefined()
    expect(u.events.map((e) => e.rawText)).toEqual([
      'Arrived at DHL Delivery Facility AMSTERDAM - NETHERLANDS',
      'Shipment picked up',
    ])
    expect(u.events.every((e) => e.piece === undefined)).toBe(true)
    expect(u.estimates).toEqual([
      { source: 'carrier_scheduled', date: '2026-03-06T18:00:00', confidence: 0.7 },
    ])
  })

  it('tracking the waybill of that shipment gives each piece its own scans', () => {
    const s = shipmentOf('express-piece-lookup.json')
    const u = toUpdate('8487135506', s, map)
    expect(u.pieces).toEqual(['JJD000390007882765453', 'JJD000390007882765454'])
    expect(u.events.map((e) => e.piece ?? null)).toEqual([
      'JJD000390007882765453',
      'JJD000390007882765454',
      null,
    ])
  })

  it('failures, returns and DHL’s own "unknown" in an eCommerce history', () => {
    const u = toUpdate('GM2951173225174494', shipmentOf('ecommerce-returned.json'), map)
    expect(u.events.map((e) => [e.rawCode, e.status, e.subStatus])).toEqual([
      ['delivered', 'returned', null],
      ['failure', 'exception', 'returning_to_sender'],
      ['failure', 'attempt_failed', 'recipient_unavailable'],
      ['transit', 'in_transit', 'arrived_at_facility'],
      ['pre-transit', 'info_received', 'label_created'],
      ['unknown', 'in_transit', 'unmapped'],
    ])
    expect(u.estimates).toBeUndefined()
  })

  it('uses the shipment status when DHL lists no events', () => {
    const s = { ...shipmentOf('parcel-de-out-for-delivery.json'), events: [] }
    const u = toUpdate('00340434161094022115', s, map)
    expect(u.events).toHaveLength(1)
    expect(u.events[0]).toMatchObject({ status: 'out_for_delivery', occurredAt: '2026-03-03T09:41:00+01:00' })
  })

  it('adds a delivered scan from a proof of delivery when no event says delivered', () => {
    const base = shipmentOf('parcel-de-out-for-delivery.json')
    const s = {
      ...base,
      details: { ...base.details, proofOfDelivery: { timestamp: '2026-03-03T13:02:00+01:00' } },
    }
    const u = toUpdate('00340434161094022115', s, map)
    expect(u.events.at(-1)).toEqual({
      status: 'delivered',
      subStatus: null,
      rawCode: 'proof-of-delivery',
      rawText: 'Proof of delivery recorded',
      occurredAt: '2026-03-03T13:02:00+01:00',
    })
  })
})

describe('pickShipment', () => {
  const express = shipmentOf('express-multipiece-delivered.json')
  const older = {
    ...express,
    service: 'parcel-de',
    status: { statusCode: 'transit', timestamp: '2020-01-01T00:00:00' },
  }

  it('takes the configured unit’s shipment when several units know the number', () => {
    expect(pickShipment('3318810025', [older, express], 'parcel-de')?.service).toBe('parcel-de')
    expect(pickShipment('3318810025', [older, express], 'express')?.service).toBe('express')
  })

  it('without a unit, takes the most recently updated', () => {
    expect(pickShipment('3318810025', [older, express], undefined)?.service).toBe('express')
  })

  it('finds a shipment by one of its piece ids, and nothing for a stranger among several', () => {
    expect(pickShipment('JD014600002708681600', [express], undefined)?.id).toBe('3318810025')
    expect(pickShipment('1111111111', [older, express], undefined)).toBeUndefined()
  })
})
