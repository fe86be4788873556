export {
  type NodeWebhookListenerOptions,
  nodeWebhookListener,
  requestBodyStream,
  sendWebResponse,
  type ToWebRequestOptions,
  toWebRequest,
  type WebhookHost,
} from './node.ts'
