import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { testMount } from '@wismo/testing/mount'
import { nodeWebhookListener } from '../src/index.ts'

testMount({
  name: 'node:http',
  start: async (wismo) => {
    const server = createServer(nodeWebhookListener(wismo, { basePath: '/webhooks' }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return {
      url: `http://127.0.0.1:${port}/webhooks`,
      close: async () => {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      },
    }
  },
})
