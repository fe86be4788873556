/**
 * The edge entry point, in the service-worker format every edge runtime understands: the
 * platform dispatches a `fetch` event per request and provides the secrets as global bindings.
 * `edge.test.ts` bundles this file with esbuild and runs the bundle in `@edge-runtime/vm`.
 */
import { createApp, createEdgeWismo } from './app.ts'

/** Bound by the platform (a Cloudflare service-worker binding, a Vercel env var inlined at build). */
declare const HARBOR_WEBHOOK_SECRETS: string

interface FetchEvent extends Event {
  readonly request: Request
  respondWith(response: Response | Promise<Response>): void
}

const app = createApp(createEdgeWismo({ HARBOR_WEBHOOK_SECRETS }))

addEventListener('fetch', (event) => {
  const fetchEvent = event as FetchEvent
  fetchEvent.respondWith(app.fetch(fetchEvent.request))
})
