import { describe, expect, it } from 'vitest'
import { createWismoFromEnv } from '../lib/wismo.ts'

describe('the app configuration', () => {
  it('names every missing variable in one CONFIG_INVALID', () => {
    expect(() => createWismoFromEnv({ PUBLIC_URL: 'https://lumen.test' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: { missing: ['SANDBOX_WEBHOOK_SECRET', 'WISMO_LINK_SECRET'] },
      }),
    )
  })
})
