/** The demo's customers: fictional people in several time zones and locales. */
export const CUSTOMERS = [
  {
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    phone: '+5511912345678',
    locale: 'pt-BR',
    timeZone: 'America/Sao_Paulo',
  },
  { name: 'Jonas Weber', email: 'jonas.weber@example.com', locale: 'de-DE', timeZone: 'Europe/Berlin' },
  { name: 'Mei Tanaka', email: 'mei.tanaka@example.com', locale: 'ja-JP', timeZone: 'Asia/Tokyo' },
  {
    name: 'Sam Carter',
    email: 'sam.carter@example.com',
    phone: '+14155550123',
    locale: 'en-US',
    timeZone: 'America/Chicago',
  },
  { name: 'Zoë Martin', email: 'zoe.martin@example.com', locale: 'fr-FR', timeZone: 'Europe/Paris' },
] as const

/** One journey of each kind, so the demo shows every path through the state machine. */
export const SCENARIO_CYCLE = ['delivered', 'failedAttempt', 'exception', 'returned', 'lost'] as const
