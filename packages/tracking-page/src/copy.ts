/**
 * The page's words in the four locales the notifications speak (en, es, de, pt-BR). Statuses in
 * plain words come from core (`statusWords`), so the page and the messages say the same.
 */
import type { NotificationTrigger, TemplateLocale } from '@wismo/core'

export type Step = 'ordered' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'returned'

export interface PageCopy {
  language: string
  pageTitle: string
  order: (id: string) => string
  parcels: (n: number) => string
  parcel: (i: number, n: number) => string
  steps: Record<Step, string>
  progress: string
  stepDone: string
  stepCurrent: string
  stepUpcoming: string
  eta: string
  deliveredOn: string
  confidence: (percent: number) => string
  etaChanged: (before: string) => string
  etaHistory: string
  noEta: string
  latestScan: string
  noScans: string
  allScans: (n: number) => string
  carrierSite: (carrier: string) => string
  trackingNumber: string
  carrier: string
  pieces: string
  mapTitle: string
  mapUnplaced: string
  mapCurrent: string
  mapDestination: string
  feedbackHeading: string
  feedbackRating: string
  stars: (n: number) => string
  feedbackComment: string
  feedbackSend: string
  feedbackUpdate: string
  feedbackThanks: string
  feedbackEditableUntil: (date: string) => string
  feedbackGiven: (n: number) => string
  prefsHeading: string
  prefsChannels: string
  prefsEmail: (masked: string) => string
  prefsSms: (masked: string) => string
  prefsTriggers: string
  prefsQuiet: string
  prefsQuietFrom: string
  prefsQuietTo: string
  prefsSave: string
  prefsSaved: string
  triggers: Record<NotificationTrigger | 'feedback_request', string>
  lookupHeading: string
  lookupIntro: string
  lookupOrder: string
  lookupContact: string
  lookupSubmit: string
  lookupFailed: string
  lookupLimited: (minutes: number) => string
  invalidTitle: string
  invalidText: string
  expiredTitle: string
  expiredText: string
  notFoundTitle: string
  notFoundText: string
  badRequest: string
  /** Before the support address, which follows as a link. */
  support: string
  etaPassed: (window: string) => string
  mapKinds: { origin: string; scan: string; current: string; destination: string }
  languages: string
  skipToContent: string
}

const en: PageCopy = {
  language: 'English',
  pageTitle: 'Track your order',
  order: (id) => `Order ${id}`,
  parcels: (n) => (n === 1 ? '1 parcel' : `${n} parcels`),
  parcel: (i, n) => `Parcel ${i} of ${n}`,
  steps: {
    ordered: 'Order received',
    shipped: 'Shipped',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    delivered: 'Delivered',
    returned: 'Returned',
  },
  progress: 'Progress',
  stepDone: 'done',
  stepCurrent: 'current step',
  stepUpcoming: 'not yet',
  eta: 'Estimated delivery',
  deliveredOn: 'Delivered',
  confidence: (p) => `${p} % likely`,
  etaChanged: (before) => `Changed from ${before}`,
  etaHistory: 'Earlier estimates',
  noEta: 'No delivery estimate yet',
  latestScan: 'Latest update',
  noScans: 'No updates from the carrier yet.',
  allScans: (n) => (n === 1 ? 'All updates (1)' : `All updates (${n})`),
  carrierSite: (c) => `Track on the ${c} website`,
  trackingNumber: 'Tracking number',
  carrier: 'Carrier',
  pieces: 'Pieces in this shipment',
  mapTitle: 'Route of your parcel',
  mapUnplaced: 'Places not shown on the map',
  mapCurrent: 'Current position',
  mapDestination: 'Destination',
  feedbackHeading: 'How was your delivery?',
  feedbackRating: 'Your rating',
  stars: (n) => (n === 1 ? '1 star' : `${n} stars`),
  feedbackComment: 'Comment (optional)',
  feedbackSend: 'Send rating',
  feedbackUpdate: 'Update rating',
  feedbackThanks: 'Thank you for your feedback!',
  feedbackEditableUntil: (d) => `You can change it until ${d}.`,
  feedbackGiven: (n) => `You rated this delivery ${n} out of 5.`,
  prefsHeading: 'Notifications',
  prefsChannels: 'Send me updates by',
  prefsEmail: (m) => `E-mail (${m})`,
  prefsSms: (m) => `Text message (${m})`,
  prefsTriggers: 'Tell me when',
  prefsQuiet: 'No text messages between',
  prefsQuietFrom: 'From',
  prefsQuietTo: 'Until',
  prefsSave: 'Save preferences',
  prefsSaved: 'Your preferences are saved.',
  triggers: {
    info_received: 'the label is created',
    in_transit: 'the parcel is on its way',
    out_for_delivery: 'it is out for delivery',
    attempt_failed: 'a delivery attempt fails',
    available_for_pickup: 'it is ready for pickup',
    delivered: 'it is delivered',
    exception: 'there is a problem',
    returned: 'it goes back to the sender',
    eta_changed: 'the delivery date changes',
    delayed: 'it is delayed',
    stalled: 'there is no news for a while',
    trending_late: 'it may arrive late',
    feedback_request: 'you can rate the delivery',
  },
  lookupHeading: 'Find your order',
  lookupIntro: 'Enter your order number and the e-mail address or postcode you ordered with.',
  lookupOrder: 'Order number',
  lookupContact: 'E-mail address or postcode',
  lookupSubmit: 'Find my order',
  lookupFailed:
    'We could not find an order with these details. Check the order number and use the e-mail address or postcode from your order confirmation.',
  lookupLimited: (m) => `Too many attempts. Please try again in ${m} minutes.`,
  invalidTitle: 'This link does not work',
  invalidText: 'The link may be incomplete or changed. Find your order with the form below.',
  expiredTitle: 'This link has expired',
  expiredText:
    'For your security, tracking links stop working after a while. Find your order with the form below.',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is nothing at this address. Find your order with the form below.',
  badRequest: 'We could not read that. Please try again.',
  support: 'Questions? Write to',
  etaPassed: (w) => `It was expected ${w}.`,
  mapKinds: {
    origin: 'Sent from',
    scan: 'Scanned in',
    current: 'Latest position',
    destination: 'Destination',
  },
  languages: 'Language',
  skipToContent: 'Skip to content',
}

const es: PageCopy = {
  language: 'Español',
  pageTitle: 'Sigue tu pedido',
  order: (id) => `Pedido ${id}`,
  parcels: (n) => (n === 1 ? '1 paquete' : `${n} paquetes`),
  parcel: (i, n) => `Paquete ${i} de ${n}`,
  steps: {
    ordered: 'Pedido recibido',
    shipped: 'Enviado',
    in_transit: 'En tránsito',
    out_for_delivery: 'En reparto',
    delivered: 'Entregado',
    returned: 'Devuelto',
  },
  progress: 'Progreso',
  stepDone: 'completado',
  stepCurrent: 'paso actual',
  stepUpcoming: 'pendiente',
  eta: 'Entrega estimada',
  deliveredOn: 'Entregado',
  confidence: (p) => `${p} % de probabilidad`,
  etaChanged: (before) => `Antes: ${before}`,
  etaHistory: 'Estimaciones anteriores',
  noEta: 'Aún no hay fecha estimada de entrega',
  latestScan: 'Última actualización',
  noScans: 'El transportista aún no ha enviado novedades.',
  allScans: (n) => `Todas las actualizaciones (${n})`,
  carrierSite: (c) => `Seguir en la web de ${c}`,
  trackingNumber: 'Número de seguimiento',
  carrier: 'Transportista',
  pieces: 'Bultos de este envío',
  mapTitle: 'Ruta de tu paquete',
  mapUnplaced: 'Lugares que no aparecen en el mapa',
  mapCurrent: 'Posición actual',
  mapDestination: 'Destino',
  feedbackHeading: '¿Qué tal fue la entrega?',
  feedbackRating: 'Tu valoración',
  stars: (n) => (n === 1 ? '1 estrella' : `${n} estrellas`),
  feedbackComment: 'Comentario (opcional)',
  feedbackSend: 'Enviar valoración',
  feedbackUpdate: 'Actualizar valoración',
  feedbackThanks: '¡Gracias por tu opinión!',
  feedbackEditableUntil: (d) => `Puedes cambiarla hasta el ${d}.`,
  feedbackGiven: (n) => `Valoraste esta entrega con ${n} de 5.`,
  prefsHeading: 'Notificaciones',
  prefsChannels: 'Recibir novedades por',
  prefsEmail: (m) => `Correo electrónico (${m})`,
  prefsSms: (m) => `SMS (${m})`,
  prefsTriggers: 'Avisarme cuando',
  prefsQuiet: 'Sin SMS entre',
  prefsQuietFrom: 'Desde',
  prefsQuietTo: 'Hasta',
  prefsSave: 'Guardar preferencias',
  prefsSaved: 'Tus preferencias se han guardado.',
  triggers: {
    info_received: 'se crea la etiqueta',
    in_transit: 'el paquete está en camino',
    out_for_delivery: 'sale a reparto',
    attempt_failed: 'falla un intento de entrega',
    available_for_pickup: 'está listo para recoger',
    delivered: 'se entrega',
    exception: 'hay un problema',
    returned: 'vuelve al remitente',
    eta_changed: 'cambia la fecha de entrega',
    delayed: 'se retrasa',
    stalled: 'no hay novedades durante un tiempo',
    trending_late: 'podría llegar tarde',
    feedback_request: 'puedes valorar la entrega',
  },
  lookupHeading: 'Encuentra tu pedido',
  lookupIntro: 'Introduce tu número de pedido y el correo electrónico o código postal con el que compraste.',
  lookupOrder: 'Número de pedido',
  lookupContact: 'Correo electrónico o código postal',
  lookupSubmit: 'Buscar mi pedido',
  lookupFailed:
    'No encontramos ningún pedido con estos datos. Revisa el número de pedido y usa el correo electrónico o el código postal de la confirmación del pedido.',
  lookupLimited: (m) => `Demasiados intentos. Vuelve a intentarlo dentro de ${m} minutos.`,
  invalidTitle: 'Este enlace no funciona',
  invalidText: 'Puede que el enlace esté incompleto o modificado. Busca tu pedido con el formulario.',
  expiredTitle: 'Este enlace ha caducado',
  expiredText:
    'Por tu seguridad, los enlaces de seguimiento dejan de funcionar al cabo de un tiempo. Busca tu pedido con el formulario.',
  notFoundTitle: 'Página no encontrada',
  notFoundText: 'No hay nada en esta dirección. Busca tu pedido con el formulario.',
  badRequest: 'No hemos podido leer los datos. Inténtalo de nuevo.',
  support: '¿Preguntas? Escribe a',
  etaPassed: (w) => `Se esperaba para el ${w}.`,
  mapKinds: {
    origin: 'Enviado desde',
    scan: 'Escaneado en',
    current: 'Última posición',
    destination: 'Destino',
  },
  languages: 'Idioma',
  skipToContent: 'Ir al contenido',
}

const de: PageCopy = {
  language: 'Deutsch',
  pageTitle: 'Sendungsverfolgung',
  order: (id) => `Bestellung ${id}`,
  parcels: (n) => (n === 1 ? '1 Paket' : `${n} Pakete`),
  parcel: (i, n) => `Paket ${i} von ${n}`,
  steps: {
    ordered: 'Bestellung eingegangen',
    shipped: 'Versandt',
    in_transit: 'Unterwegs',
    out_for_delivery: 'In Zustellung',
    delivered: 'Zugestellt',
    returned: 'Zurückgesandt',
  },
  progress: 'Fortschritt',
  stepDone: 'erledigt',
  stepCurrent: 'aktueller Schritt',
  stepUpcoming: 'noch nicht',
  eta: 'Voraussichtliche Zustellung',
  deliveredOn: 'Zugestellt',
  confidence: (p) => `zu ${p} % wahrscheinlich`,
  etaChanged: (before) => `Vorher: ${before}`,
  etaHistory: 'Frühere Schätzungen',
  noEta: 'Noch kein voraussichtlicher Zustelltermin',
  latestScan: 'Letzte Meldung',
  noScans: 'Der Versanddienstleister hat noch nichts gemeldet.',
  allScans: (n) => `Alle Meldungen (${n})`,
  carrierSite: (c) => `Auf der Website von ${c} verfolgen`,
  trackingNumber: 'Sendungsnummer',
  carrier: 'Versanddienstleister',
  pieces: 'Packstücke dieser Sendung',
  mapTitle: 'Route Ihres Pakets',
  mapUnplaced: 'Orte, die nicht auf der Karte sind',
  mapCurrent: 'Aktuelle Position',
  mapDestination: 'Ziel',
  feedbackHeading: 'Wie war die Zustellung?',
  feedbackRating: 'Ihre Bewertung',
  stars: (n) => (n === 1 ? '1 Stern' : `${n} Sterne`),
  feedbackComment: 'Kommentar (optional)',
  feedbackSend: 'Bewertung senden',
  feedbackUpdate: 'Bewertung ändern',
  feedbackThanks: 'Danke für Ihre Rückmeldung!',
  feedbackEditableUntil: (d) => `Sie können sie bis ${d} ändern.`,
  feedbackGiven: (n) => `Sie haben diese Zustellung mit ${n} von 5 bewertet.`,
  prefsHeading: 'Benachrichtigungen',
  prefsChannels: 'Neuigkeiten erhalten per',
  prefsEmail: (m) => `E-Mail (${m})`,
  prefsSms: (m) => `SMS (${m})`,
  prefsTriggers: 'Benachrichtigen, wenn',
  prefsQuiet: 'Keine SMS zwischen',
  prefsQuietFrom: 'Von',
  prefsQuietTo: 'Bis',
  prefsSave: 'Einstellungen speichern',
  prefsSaved: 'Ihre Einstellungen sind gespeichert.',
  triggers: {
    info_received: 'das Versandetikett erstellt ist',
    in_transit: 'das Paket unterwegs ist',
    out_for_delivery: 'es in Zustellung ist',
    attempt_failed: 'ein Zustellversuch scheitert',
    available_for_pickup: 'es abholbereit ist',
    delivered: 'es zugestellt ist',
    exception: 'es ein Problem gibt',
    returned: 'es an den Absender zurückgeht',
    eta_changed: 'sich der Zustelltermin ändert',
    delayed: 'es sich verspätet',
    stalled: 'es länger keine Neuigkeiten gibt',
    trending_late: 'es später ankommen könnte',
    feedback_request: 'Sie die Zustellung bewerten können',
  },
  lookupHeading: 'Bestellung finden',
  lookupIntro: 'Geben Sie Ihre Bestellnummer und die E-Mail-Adresse oder Postleitzahl Ihrer Bestellung ein.',
  lookupOrder: 'Bestellnummer',
  lookupContact: 'E-Mail-Adresse oder Postleitzahl',
  lookupSubmit: 'Bestellung suchen',
  lookupFailed:
    'Wir haben keine Bestellung mit diesen Angaben gefunden. Prüfen Sie die Bestellnummer und verwenden Sie die E-Mail-Adresse oder Postleitzahl aus Ihrer Bestellbestätigung.',
  lookupLimited: (m) => `Zu viele Versuche. Bitte versuchen Sie es in ${m} Minuten erneut.`,
  invalidTitle: 'Dieser Link funktioniert nicht',
  invalidText:
    'Der Link ist vielleicht unvollständig oder verändert. Finden Sie Ihre Bestellung mit dem Formular unten.',
  expiredTitle: 'Dieser Link ist abgelaufen',
  expiredText:
    'Zu Ihrer Sicherheit gelten Sendungslinks nur eine Zeit lang. Finden Sie Ihre Bestellung mit dem Formular unten.',
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Unter dieser Adresse gibt es nichts. Finden Sie Ihre Bestellung mit dem Formular unten.',
  badRequest: 'Das konnten wir nicht lesen. Bitte versuchen Sie es erneut.',
  support: 'Fragen? Schreiben Sie an',
  etaPassed: (w) => `Erwartet war: ${w}.`,
  mapKinds: { origin: 'Versandt aus', scan: 'Erfasst in', current: 'Letzte Position', destination: 'Ziel' },
  languages: 'Sprache',
  skipToContent: 'Zum Inhalt springen',
}

const ptBR: PageCopy = {
  language: 'Português',
  pageTitle: 'Acompanhe seu pedido',
  order: (id) => `Pedido ${id}`,
  parcels: (n) => (n === 1 ? '1 volume' : `${n} volumes`),
  parcel: (i, n) => `Volume ${i} de ${n}`,
  steps: {
    ordered: 'Pedido recebido',
    shipped: 'Enviado',
    in_transit: 'Em trânsito',
    out_for_delivery: 'Saiu para entrega',
    delivered: 'Entregue',
    returned: 'Devolvido',
  },
  progress: 'Andamento',
  stepDone: 'concluído',
  stepCurrent: 'etapa atual',
  stepUpcoming: 'ainda não',
  eta: 'Previsão de entrega',
  deliveredOn: 'Entregue',
  confidence: (p) => `${p} % de chance`,
  etaChanged: (before) => `Antes: ${before}`,
  etaHistory: 'Previsões anteriores',
  noEta: 'Ainda sem previsão de entrega',
  latestScan: 'Última atualização',
  noScans: 'A transportadora ainda não enviou atualizações.',
  allScans: (n) => `Todas as atualizações (${n})`,
  carrierSite: (c) => `Acompanhar no site da ${c}`,
  trackingNumber: 'Código de rastreio',
  carrier: 'Transportadora',
  pieces: 'Volumes desta remessa',
  mapTitle: 'Trajeto do seu pacote',
  mapUnplaced: 'Locais que não aparecem no mapa',
  mapCurrent: 'Posição atual',
  mapDestination: 'Destino',
  feedbackHeading: 'Como foi a entrega?',
  feedbackRating: 'Sua avaliação',
  stars: (n) => (n === 1 ? '1 estrela' : `${n} estrelas`),
  feedbackComment: 'Comentário (opcional)',
  feedbackSend: 'Enviar avaliação',
  feedbackUpdate: 'Atualizar avaliação',
  feedbackThanks: 'Obrigado pela sua avaliação!',
  feedbackEditableUntil: (d) => `Você pode alterá-la até ${d}.`,
  feedbackGiven: (n) => `Você avaliou esta entrega com ${n} de 5.`,
  prefsHeading: 'Notificações',
  prefsChannels: 'Receber novidades por',
  prefsEmail: (m) => `E-mail (${m})`,
  prefsSms: (m) => `SMS (${m})`,
  prefsTriggers: 'Avise-me quando',
  prefsQuiet: 'Sem SMS entre',
  prefsQuietFrom: 'Das',
  prefsQuietTo: 'Até',
  prefsSave: 'Salvar preferências',
  prefsSaved: 'Suas preferências foram salvas.',
  triggers: {
    info_received: 'a etiqueta for criada',
    in_transit: 'o pacote estiver a caminho',
    out_for_delivery: 'sair para entrega',
    attempt_failed: 'uma tentativa de entrega falhar',
    available_for_pickup: 'estiver pronto para retirada',
    delivered: 'for entregue',
    exception: 'houver um problema',
    returned: 'voltar ao remetente',
    eta_changed: 'a data de entrega mudar',
    delayed: 'atrasar',
    stalled: 'ficar um tempo sem novidades',
    trending_late: 'puder chegar atrasado',
    feedback_request: 'você puder avaliar a entrega',
  },
  lookupHeading: 'Encontre seu pedido',
  lookupIntro: 'Informe o número do pedido e o e-mail ou CEP usado na compra.',
  lookupOrder: 'Número do pedido',
  lookupContact: 'E-mail ou CEP',
  lookupSubmit: 'Encontrar meu pedido',
  lookupFailed:
    'Não encontramos um pedido com esses dados. Confira o número do pedido e use o e-mail ou o CEP da confirmação do pedido.',
  lookupLimited: (m) => `Muitas tentativas. Tente novamente em ${m} minutos.`,
  invalidTitle: 'Este link não funciona',
  invalidText: 'O link pode estar incompleto ou alterado. Encontre seu pedido com o formulário abaixo.',
  expiredTitle: 'Este link expirou',
  expiredText:
    'Para sua segurança, os links de rastreio deixam de funcionar depois de um tempo. Encontre seu pedido com o formulário abaixo.',
  notFoundTitle: 'Página não encontrada',
  notFoundText: 'Não há nada neste endereço. Encontre seu pedido com o formulário abaixo.',
  badRequest: 'Não conseguimos ler os dados. Tente novamente.',
  support: 'Dúvidas? Escreva para',
  etaPassed: (w) => `A previsão era ${w}.`,
  mapKinds: {
    origin: 'Enviado de',
    scan: 'Registrado em',
    current: 'Última posição',
    destination: 'Destino',
  },
  languages: 'Idioma',
  skipToContent: 'Pular para o conteúdo',
}

export const PAGE_COPY: Readonly<Record<TemplateLocale, PageCopy>> = { en, es, de, 'pt-BR': ptBR }
