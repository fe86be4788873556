import type { NotificationPreferences } from '@wismo/core'
import { html, type Markup, trusted } from '@wismo/core/html'
import type { PageCopy } from '../copy.ts'

export interface FeedbackFormInput {
  action: string
  shipmentId: string
  lang: string
  /** The stored rating, when given. */
  given: { rating: number; comment: string | null } | null
  editable: boolean
  /** Until when it can be changed, for people; null when it cannot. */
  editableUntil: string | null
}

/** The post-delivery rating: five labelled radio buttons and a comment, or the rating given. */
export function feedbackForm(copy: PageCopy, f: FeedbackFormInput): Markup {
  const id = `feedback-${f.shipmentId}`
  if (f.given && !f.editable)
    return html`<div class="feedback" id="${id}" data-testid="feedback"><h3>${copy.feedbackHeading}</h3><p>${copy.feedbackGiven(f.given.rating)}</p>${f.given.comment ? html`<blockquote>${f.given.comment}</blockquote>` : ''}</div>`
  return html`<form class="feedback" id="${id}" method="post" action="${f.action}" data-testid="feedback">
<h3>${copy.feedbackHeading}</h3>
${f.given ? html`<p role="status">${copy.feedbackThanks} ${f.editableUntil ? copy.feedbackEditableUntil(f.editableUntil) : ''}</p>` : ''}
<input type="hidden" name="shipment" value="${f.shipmentId}"><input type="hidden" name="lang" value="${f.lang}">
<fieldset><legend>${copy.feedbackRating}</legend><div class="stars">${[1, 2, 3, 4, 5].map(
    (n) =>
      html`<label><input type="radio" name="rating" value="${n}" required${f.given?.rating === n ? trusted(' checked') : ''}> ${copy.stars(n)}</label>`,
  )}</div></fieldset>
<label class="field" for="${id}-comment">${copy.feedbackComment}</label>
<textarea id="${id}-comment" name="comment" maxlength="2000">${f.given?.comment ?? ''}</textarea>
<button type="submit">${f.given ? copy.feedbackUpdate : copy.feedbackSend}</button>
</form>`
}

export interface PreferencesFormInput {
  action: string
  lang: string
  preferences: NotificationPreferences
  /** Channels the shop sends on that this customer can get (a contact is on file), with the contact masked. */
  email: string | null
  sms: string | null
  /** Triggers the shop notifies on (the ones a customer can mute). */
  triggers: readonly string[]
  /** The shop's default quiet hours, shown when the customer set none. */
  defaultQuietHours: { start: string; end: string } | null
}

/** E-mail and SMS on or off, muted triggers, quiet hours for SMS. */
export function preferencesForm(copy: PageCopy, p: PreferencesFormInput): Markup {
  const quiet = p.preferences.quietHours === undefined ? p.defaultQuietHours : p.preferences.quietHours
  const muted = new Set(p.preferences.mutedTriggers)
  const labels = copy.triggers as Record<string, string>
  return html`<section class="card" id="preferences" aria-labelledby="preferences-title">
<h2 id="preferences-title">${copy.prefsHeading}</h2>
<form method="post" action="${p.action}" data-testid="preferences">
<input type="hidden" name="lang" value="${p.lang}">
<fieldset class="checks"><legend>${copy.prefsChannels}</legend>
${p.email ? html`<label><input type="checkbox" name="email" value="on"${p.preferences.email ? trusted(' checked') : ''}> ${copy.prefsEmail(p.email)}</label>` : ''}
${p.sms ? html`<label><input type="checkbox" name="sms" value="on"${p.preferences.sms ? trusted(' checked') : ''}> ${copy.prefsSms(p.sms)}</label>` : ''}
</fieldset>
${
  p.triggers.length > 0
    ? html`<fieldset class="checks"><legend>${copy.prefsTriggers}</legend>${p.triggers.map(
        (t) =>
          html`<label><input type="checkbox" name="notify" value="${t}"${muted.has(t) ? '' : trusted(' checked')}> ${labels[t] ?? t}</label>`,
      )}</fieldset>`
    : ''
}
${
  p.sms
    ? html`<fieldset><legend>${copy.prefsQuiet}</legend><div class="quiet">
<div><label class="field" for="quiet-start">${copy.prefsQuietFrom}</label><input type="time" id="quiet-start" name="quietStart" value="${quiet?.start ?? ''}"></div>
<div><label class="field" for="quiet-end">${copy.prefsQuietTo}</label><input type="time" id="quiet-end" name="quietEnd" value="${quiet?.end ?? ''}"></div>
</div></fieldset>`
    : ''
}
<button type="submit">${copy.prefsSave}</button>
</form></section>`
}

export interface LookupFormInput {
  action: string
  lang: string
  orderId: string
  problem: string | null
}

/** Order number + e-mail or postcode. */
export function lookupForm(copy: PageCopy, l: LookupFormInput): Markup {
  return html`<section class="card" aria-labelledby="lookup-title">
<h2 id="lookup-title">${copy.lookupHeading}</h2>
<p>${copy.lookupIntro}</p>
${l.problem ? html`<p class="notice error" role="alert" data-testid="lookup-problem">${l.problem}</p>` : ''}
<form method="post" action="${l.action}" data-testid="lookup">
<input type="hidden" name="lang" value="${l.lang}">
<label class="field" for="lookup-order">${copy.lookupOrder}</label>
<input type="text" id="lookup-order" name="order" required maxlength="200" autocomplete="off" value="${l.orderId}">
<label class="field" for="lookup-contact">${copy.lookupContact}</label>
<input type="text" id="lookup-contact" name="contact" required maxlength="320" autocomplete="email">
<button type="submit">${copy.lookupSubmit}</button>
</form></section>`
}

/** `ana@example.com` → `a•••@example.com`; `+14155550100` → `•••0100`. */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@')
  return `${user.slice(0, 1)}•••@${domain}`
}

export function maskPhone(phone: string): string {
  return `•••${phone.slice(-4)}`
}
