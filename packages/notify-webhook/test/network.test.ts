import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkDestination, isPrivateAddress, webhookNotifier } from '../src/index.ts'
import { guardedFetch, publicLookup, type Resolver } from '../src/transport.ts'
import { type Receiver, startReceiver } from './receiver.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver([SECRET])
})
afterAll(() => receiver.close())
beforeEach(() => {
  receiver.received.length = 0
})

const message = (to: string) => ({
  idempotencyKey: 'notif_net_1',
  channel: 'webhook' as const,
  to,
  text: 'Delivered',
  type: 'shipment.delivered',
})

describe('private address ranges', () => {
  const PRIVATE = [
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ]
  const PUBLIC = [
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ]
  for (const a of PRIVATE) it(`${a} is private`, () => expect(isPrivateAddress(a)).toBe(true))
  for (const a of PUBLIC) it(`${a} is public`, () => expect(isPrivateAddress(a)).toBe(false))
})

describe('destination checks before any connection', () => {
  const refused = [
    ['ftp://erp.example/hooks', 'not_http_url'],
    ['file:///etc/passwd', 'not_http_url'],
    ['javascript:alert(1)', 'not_http_url'],
    ['https://user:pw@erp.example/hooks', 'credentials_in_url'],
    ['http://localhost:8080/hooks', 'private_network'],
    ['http://LOCALHOST./hooks', 'private_network'],
    ['http://api.localhost/hooks', 'private_network'],
    ['http://127.0.0.1/hooks', 'private_network'],
    ['http://2130706433/hooks', 'private_network'],
    ['http://0x7f.1/hooks', 'private_network'],
    ['http://[::1]/hooks', 'private_network'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', 'private_network'],
    ['http://169.254.169.254/latest/meta-data', 'private_network'],
  ] as const
  for (const [url, reason] of refused)
    it(`${url} → NOTIFY_REQUEST_REJECTED (${reason})`, () => {
      expect(() => checkDestination(url, false)).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ reason }) }),
      )
    })

  it('public http(s) URLs pass; private ones pass when allowed', () => {
    expect(checkDestination('https://erp.example/hooks?x=1', false).href).toBe(
      'https://erp.example/hooks?x=1',
    )
    expect(checkDestination('http://127.0.0.1:9/hooks', true).hostname).toBe('127.0.0.1')
  })

  it('send refuses a loopback URL by default; the receiver is never called', async () => {
    const error = await webhookNotifier({ secret: SECRET })
      .send(message(`${receiver.url}/hooks`))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      retryable: false,
      details: { reason: 'private_network' },
    })
    expect(receiver.received).toHaveLength(0)
  })

  it('a `to` that is neither a URL nor an endpoint → NOTIFY_REQUEST_REJECTED', async () => {
    await expect(webhookNotifier({ secret: SECRET }).send(message('erp'))).rejects.toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      details: { reason: 'unknown_endpoint' },
    })
  })
})

describe('checks when the name resolves (no window for DNS to change its answer)', () => {
  it('a host name resolving to loopback is refused at connection time', async () => {
    // `localhost` resolves to 127.0.0.1 / ::1 everywhere; the transport sees it as any host name.
    const fetch = guardedFetch({ allowPrivateNetworks: false })
    const error = await fetch(`http://localhost:${receiver.port}/hooks`, {
      method: 'POST',
      body: '{}',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOTIFY_REQUEST_REJECTED', details: { reason: 'private_network' } })
    expect(receiver.received).toHaveLength(0)
  })

  it('the same name connects when private networks are allowed', async () => {
    const fetch = guardedFetch({ allowPrivateNetworks: true })
    const response = await fetch(`http://localhost:${receiver.port}/hooks`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(204)
  })

  const fake =
    (answer: { address: string; family: number }[]): Resolver =>
    (_host, _options, callback) =>
      callback(null, answer)
  const lookUp = (resolve: Resolver) =>
    new Promise<unknown>((done) =>
      publicLookup('https://erp.example', resolve)('erp.example', { all: true }, (error, address) =>
        done(error ?? address),
      ),
    )

  it('any private address among the answers refuses the name (a rebinding answer mixes both)', async () => {
    const mixed = fake([
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ])
    expect(await lookUp(mixed)).toMatchObject({
      code: 'NOTIFY_REQUEST_REJECTED',
      details: { address: '10.0.0.7' },
    })
  })

  it('public answers are handed to the socket unchanged', async () => {
    const answer = [{ address: '93.184.215.14', family: 4 }]
    expect(await lookUp(fake(answer))).toEqual(answer)
  })
})
