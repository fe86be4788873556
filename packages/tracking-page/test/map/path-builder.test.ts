import { describe, expect, it } from 'vitest'
import { PathBuilder, tenths } from '../../src/map/path-builder.ts'

describe('PathBuilder', () => {
  it('writes relative steps in tenths of a pixel', () => {
    const p = new PathBuilder()
    p.moveTo(10, 20)
    p.lineTo(12.04, 19.5)
    p.lineTo(12.04, 25)
    expect(p.toString()).toBe('m10 20 2-.5 0 5.5')
  })

  it('closes rings, moves relative to the ring start after z, and drops rings too small to see', () => {
    const p = new PathBuilder(1)
    p.moveTo(0, 0)
    p.lineTo(10, 0)
    p.lineTo(10, 10)
    p.closePath()
    p.moveTo(50, 50)
    p.lineTo(50.2, 50.2)
    p.lineTo(50.4, 50.1)
    p.closePath()
    p.moveTo(5, 5)
    p.lineTo(6, 5)
    expect(p.toString()).toBe('m0 0 10 0 0 10zm5 5 1 0')
  })

  it('formats tenths without needless zeros', () => {
    expect([123, -5, 20, 0, -120].map(tenths)).toEqual(['12.3', '-.5', '2', '0', '-12'])
  })
})
