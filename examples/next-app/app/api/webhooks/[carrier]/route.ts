import { getWismo } from '../../../../lib/wismo.ts'

// Route handlers run on Node here because a production store (SQLite, Postgres) needs it;
// @wismo/core itself also runs on the edge runtime.
export const runtime = 'nodejs'

/**
 * Carriers POST to `/api/webhooks/<carrier>`. Next.js passes the Web `Request` with its body
 * unread, so the handler verifies the exact bytes; other methods get Next's own 405.
 * Next 15 passes `params` as a Promise.
 * @example curl -X POST https://shop.example/api/webhooks/acme -H 'x-acme-signature: sha256=…' -d @scan.json
 */
export async function POST(
  req: Request,
  { params }: { params: Promise<{ carrier: string }> },
): Promise<Response> {
  const { carrier } = await params
  return getWismo().webhooks.handle(req, { carrier })
}
