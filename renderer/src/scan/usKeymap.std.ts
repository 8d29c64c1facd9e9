// The US keyboard layout, by physical key (`KeyboardEvent.code`) and Shift only.
// A keyboard-wedge scanner sends US key codes whatever layout the operating system uses, so the
// characters a label holds are rebuilt from the code: AZERTY, QWERTZ, UK and Caps Lock do not matter.

/** code → [unshifted, shifted] */
export const US_KEYMAP: Readonly<Record<string, readonly [string, string]>> = (() => {
  const map: Record<string, readonly [string, string]> = {}
  for (let i = 0; i < 26; i++) {
    const lower = String.fromCharCode(97 + i)
    map[`Key${lower.toUpperCase()}`] = [lower, lower.toUpperCase()]
  }
  const shiftedDigits = ')!@#$%^&*('
  for (let d = 0; d <= 9; d++) {
    map[`Digit${d}`] = [String(d), shiftedDigits.charAt(d)]
    // Numpad keys ignore Shift (and a scanner never depends on Num Lock for them).
    map[`Numpad${d}`] = [String(d), String(d)]
  }
  const pairs: [string, string, string][] = [
    ['Minus', '-', '_'],
    ['Equal', '=', '+'],
    ['BracketLeft', '[', '{'],
    ['BracketRight', ']', '}'],
    ['Backslash', '\\', '|'],
    ['IntlBackslash', '\\', '|'],
    ['Semicolon', ';', ':'],
    ['Quote', "'", '"'],
    ['Backquote', '`', '~'],
    ['Comma', ',', '<'],
    ['Period', '.', '>'],
    ['Slash', '/', '?'],
    ['Space', ' ', ' '],
    ['NumpadAdd', '+', '+'],
    ['NumpadSubtract', '-', '-'],
    ['NumpadMultiply', '*', '*'],
    ['NumpadDivide', '/', '/'],
    ['NumpadDecimal', '.', '.'],
    ['NumpadComma', ',', ','],
    ['NumpadEqual', '=', '=']
  ]
  for (const [code, plain, shifted] of pairs) map[code] = [plain, shifted]
  return Object.freeze(map)
})()

/** The character a US layout types for this physical key, or null for a key that types none (Enter, arrows, F-keys...). */
export function usChar(code: string, shiftKey: boolean): string | null {
  if (typeof code !== 'string' || !Object.prototype.hasOwnProperty.call(US_KEYMAP, code)) return null
  const entry = US_KEYMAP[code]!
  return shiftKey ? entry[1] : entry[0]
}

/** Keys that modify others and type nothing themselves: they neither belong to nor interrupt a burst. */
export const MODIFIER_CODES: ReadonlySet<string> = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'OSLeft',
  'OSRight',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock'
])
