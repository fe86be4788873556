import { getWismo } from '../../lib/wismo.ts'

/**
 * Liveness for the orchestrator: the process answers.
 * @example curl -f https://lumen.example/healthz
 */
export const GET = (request: Request): Promise<Response> => getWismo().health.live(request)
