// Run the shop: node --conditions=@wismo/source examples/express-shop/server.ts
import { WismoError } from '@wismo/core'
import { createShop } from './app.ts'

function need(name: string): string {
  const value = process.env[name]?.trim()
  if (!value)
    throw new WismoError('CONFIG_INVALID', `${name} is not set (see examples/express-shop/README.md)`)
  return value
}

const shop = createShop({
  databaseUrl: need('DATABASE_URL'),
  smtp: { host: process.env.SMTP_HOST ?? '127.0.0.1', port: Number(process.env.SMTP_PORT ?? 25) },
  publicUrl: need('PUBLIC_URL'),
  linkSecret: need('WISMO_LINK_SECRET'),
  webhookSecret: need('SANDBOX_WEBHOOK_SECRET'),
  port: Number(process.env.PORT ?? 3000),
})
const { url, workerId } = await shop.start()
console.log(
  `shop: listening on ${url} (POST /orders, /webhooks/sandbox, /track, /healthz, /readyz), workers as ${workerId}`,
)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    const { drained, released } = await shop.stop({ timeoutMs: 10_000 })
    console.log(`shop: ${signal}: stopped`, { drained, released })
    process.exit(0)
  })
}
