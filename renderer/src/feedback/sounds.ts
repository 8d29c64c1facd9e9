// The scan sounds: one for accepted, one for refused, one for already scanned (resources/sounds).
import type { Tone } from '../../../electron/contract'
import acceptedUrl from '../../../resources/sounds/accepted.wav?url'
import refusedUrl from '../../../resources/sounds/refused.wav?url'
import duplicateUrl from '../../../resources/sounds/duplicate.wav?url'

const URLS: Partial<Record<Tone, string>> = { accepted: acceptedUrl, refused: refusedUrl, duplicate: duplicateUrl }
const MUTE_KEY = 'station-sounds-muted'

export function soundsMuted(): boolean {
  return localStorage.getItem(MUTE_KEY) === '1'
}

export function setSoundsMuted(muted: boolean): void {
  localStorage.setItem(MUTE_KEY, muted ? '1' : '0')
}

export function playTone(tone: Tone): void {
  const url = URLS[tone]
  if (!url || soundsMuted()) return
  // A page that has had no user gesture may refuse to play; the visual confirmation still shows.
  new Audio(url).play().catch(() => undefined)
}
