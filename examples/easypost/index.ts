// The shop's command line:
//   node --conditions=@wismo/source index.ts serve          webhook server on $PORT (3000)
//   node --conditions=@wismo/source index.ts ship A-1001    buy the label of a sample order
import { isWismoError } from '@wismo/core'
import { createShop, demoOrder, describeShipment, shipOrder, webhookServer } from './shop.ts'

const USAGE = 'usage: index.ts serve | index.ts ship <order id>'

async function main([command, orderId]: string[]): Promise<void> {
  if (command === 'ship' && orderId) {
    const wismo = createShop(process.env)
    try {
      for (const line of describeShipment(await shipOrder(wismo, demoOrder(orderId)))) console.log(line)
    } finally {
      await wismo.close()
    }
  } else if (command === 'serve') {
    const wismo = createShop(process.env)
    wismo.on('shipment.status_changed', ({ shipment, to }) =>
      console.log(`${shipment.orderId ?? '-'} ${shipment.trackingNumber} is now ${to}`),
    )
    const port = Number(process.env.PORT ?? 3000)
    webhookServer(wismo).listen(port, () =>
      console.log(`EasyPost webhooks: POST http://localhost:${port}/webhooks/easypost`),
    )
  } else {
    console.error(USAGE)
    process.exitCode = 2
  }
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  // Wismo's errors carry a code and a message meant for people; anything else is a bug.
  if (isWismoError(error)) console.error(`${error.code}: ${error.message}`)
  else console.error(error)
  process.exitCode = 1
})
