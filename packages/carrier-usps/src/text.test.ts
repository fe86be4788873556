import { describe, expect, it } from 'vitest'
import { cleanText, decodeEntities } from './text.ts'

describe('cleanText', () => {
  it('drops tags and decodes the Windows-1252 numeric entities USPS writes', () => {
    expect(cleanText('USPS Ground Advantage<SUP>&#153;</SUP>')).toBe('USPS Ground Advantage™')
    expect(cleanText('USPS Tracking<SUP>&#174;</SUP>')).toBe('USPS Tracking®')
    expect(cleanText('Priority Mail<sup>&reg;</sup> 2-Day<SUP>&trade;</SUP>')).toBe('Priority Mail® 2-Day™')
  })

  it('decodes named and hex entities, keeps unknown ones, collapses whitespace', () => {
    expect(cleanText('customs &amp; border\n  &#x41;uthority &bogus;')).toBe(
      'customs & border Authority &bogus;',
    )
    expect(cleanText('<br/>Notice Left <b>(No Authorized Recipient)</b>')).toBe(
      'Notice Left (No Authorized Recipient)',
    )
  })

  it('never turns escaped markup into tags it then strips, and survives empty or odd input', () => {
    expect(cleanText('a &lt;b&gt; c')).toBe('a <b> c')
    expect(cleanText(null)).toBe('')
    expect(cleanText(undefined)).toBe('')
    expect(decodeEntities('&#0; &#xD800; &#1114112;')).toBe('  ')
  })
})
