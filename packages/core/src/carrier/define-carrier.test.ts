import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isWismoError } from '../errors.ts'
import { acmeCarrier } from '../test-carriers.test-helpers.ts'
import { defineCarrier } from './define-carrier.ts'

describe('defineCarrier', () => {
  it('reports every bad option at once and never echoes a secret', () => {
    const err = (() => {
      try {
        acmeCarrier({ apiKey: 'short', baseUrl: 'not a url', extra: 1 } as never)
      } catch (e) {
        return e
      }
    })()
    expect(isWismoError(err, 'CONFIG_INVALID')).toBe(true)
    const message = (err as Error).message
    expect(message).toMatch(/apiKey/)
    expect(message).toMatch(/baseUrl/)
    expect(message).toMatch(/extra/)
    expect(message).not.toContain('short')
  })

  it('turns an unexpected throw into CARRIER_FAILED and keeps the cause', async () => {
    const boom = new Error('socket hang up with token abc')
    const carrier = defineCarrier({
      id: 'boom',
      capabilities: { track: true },
      setup: () => ({
        track: async () => {
          throw boom
        },
      }),
    })()
    const err = await carrier.track(['1']).catch((e) => e)
    expect(isWismoError(err, 'CARRIER_FAILED')).toBe(true)
    expect(err.cause).toBe(boom)
    expect(err.message).not.toContain('abc')
  })

  it('rejects tracking data that breaks the schema with CARRIER_RESPONSE_INVALID', async () => {
    const carrier = defineCarrier({
      id: 'sloppy',
      capabilities: { track: true },
      setup: () => ({
        track: async () =>
          [
            { carrier: 'sloppy', trackingNumber: '1', source: 'poll', events: [{ status: 'lost in space' }] },
          ] as never,
      }),
    })()
    await expect(carrier.track(['1'])).rejects.toSatisfy((e) => isWismoError(e, 'CARRIER_RESPONSE_INVALID'))
  })

  it('fills capability defaults and validates options schemas given by the adapter', () => {
    const carrier = defineCarrier({
      id: 'x',
      options: z.object({ n: z.number().default(2) }),
      capabilities: { track: true },
      setup: () => ({ track: async () => [] }),
    })()
    expect(carrier.capabilities).toEqual({
      track: true,
      webhooks: false,
      register: false,
      createShipment: false,
      batch: 1,
    })
  })
})
