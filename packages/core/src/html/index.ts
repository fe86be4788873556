/**
 * `@wismo/core/html`: what Wismo's server-rendered pages share (the tracking page, the ops
 * dashboard): an escaping HTML template and the answers with their security headers. Web APIs only.
 * @module
 */
export { escapeHtml, html, Markup, trusted } from './markup.ts'
export {
  type PageResponses,
  type PageResponsesOptions,
  pageHeaders,
  pageResponses,
} from './respond.ts'
