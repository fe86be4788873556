import { getWismo } from '../../lib/wismo.ts'

/**
 * Readiness: the store answers, migrations are current, the workers run, the outbox keeps up.
 * @example curl -f https://lumen.example/readyz
 */
export const GET = (request: Request): Promise<Response> => getWismo().health.ready(request)
