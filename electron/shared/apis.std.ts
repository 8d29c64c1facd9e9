// The LucidRetail APIs a station can be pointed at by name, defined once for both sides of the
// bridge: the core (the API URL setting, the names on operations, the CSV's api column) and the page
// (the Settings screen's choices).

/** The api-url setting of the built-in sandbox (it listens wherever it was started in this run). */
export const BUILTIN_API = 'builtin'

/** The LucidRetail addresses a station may be pointed at by a word ("test", "production"). */
export const API_PRESETS = {
  test: 'https://retail-test.lucidgreen.io',
  production: 'https://retail.lucidgreen.io'
} as const

/** The names a person recognises, for the built-in sandbox and each preset. */
export const API_NAMES = {
  builtin: 'Built-in sandbox',
  test: 'LucidRetail test',
  production: 'LucidRetail production'
} as const
