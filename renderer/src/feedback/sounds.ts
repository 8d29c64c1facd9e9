// The scan sounds: one for accepted, one for refused, one for already scanned (resources/sounds,
// written by scripts/make-sounds.ts). `no-inline`: a small file would otherwise become a data: URL,
// which the page's Content-Security-Policy (media-src) rightly refuses.
import type { Tone } from '../../../electron/contract'
import acceptedUrl from '../../../resources/sounds/accepted.wav?url&no-inline'
import refusedUrl from '../../../resources/sounds/refused.wav?url&no-inline'
import duplicateUrl from '../../../resources/sounds/duplicate.wav?url&no-inline'

export const SOUND_URLS: Readonly<Partial<Record<Tone, string>>> = { accepted: acceptedUrl, refused: refusedUrl, duplicate: duplicateUrl }
const MUTE_KEY = 'station-sounds-muted'

/** Read once from storage, then kept here: the setting holds even where storage is disabled. */
let muted: boolean | null = null

export function soundsMuted(): boolean {
  if (muted === null) {
    try {
      muted = localStorage.getItem(MUTE_KEY) === '1'
    } catch {
      muted = false
    }
  }
  return muted
}

export function setSoundsMuted(value: boolean): void {
  muted = value
  try {
    localStorage.setItem(MUTE_KEY, value ? '1' : '0')
  } catch {
    // storage disabled: the setting lasts until the page reloads
  }
}

/** One element per sound, reused: a new Audio per scan would fetch and decode the file every time. */
const players = new Map<string, HTMLAudioElement>()

export function playTone(tone: Tone): void {
  const url = SOUND_URLS[tone]
  if (!url || soundsMuted()) return
  let player = players.get(url)
  if (!player) {
    player = new Audio(url)
    player.preload = 'auto'
    players.set(url, player)
  }
  player.currentTime = 0
  // A page that has had no user gesture may refuse to play; the visual confirmation still shows.
  player.play().catch(() => undefined)
}
