export {
  type NodeWebhookListenerOptions,
  nodeWebhookListener,
  sendWebResponse,
  type ToWebRequestOptions,
  toWebRequest,
  type WebhookHost,
} from './node.ts'
