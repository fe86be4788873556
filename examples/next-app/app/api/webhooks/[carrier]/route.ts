import { getWismo } from '../../../../lib/wismo.ts'

/**
 * Carriers POST to `/api/webhooks/<carrier>`. Next.js passes the Web `Request` with its body
 * unread, so the handler verifies the exact bytes that were signed; other methods get Next's 405.
 * @example curl -X POST https://lumen.example/api/webhooks/sandbox -H 'webhook-signature: v1,…' --data-binary @scan.json
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ carrier: string }> },
): Promise<Response> {
  const { carrier } = await params // a Promise since Next 15
  return getWismo().webhooks.handle(request, { carrier })
}
