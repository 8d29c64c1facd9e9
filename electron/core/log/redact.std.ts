// Secrets never reach the log file: the known secret values (the client secret, the access token
// in use) are replaced wherever they appear, and anything shaped like a credential is masked even
// when its value is not known here (a bearer token, an access_token or client_secret field, a
// token= in a URL).
export const REDACTED = '[redacted]'

const SHAPES: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/("?(?:access_token|refresh_token|id_token|client_secret|clientSecret|password|authorization|token)"?\s*[:=]\s*"?)(?!(?:Bearer|Basic) )([^"\s,&}]+)/gi, `$1${REDACTED}`],
  [/([?&](?:token|access_token|client_secret)=)[^&\s"']+/gi, `$1${REDACTED}`]
]

/** Values shorter than this are not treated as secrets to search for (they would mask ordinary text). */
const MIN_SECRET_LENGTH = 6

export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue
    out = out.split(secret).join(REDACTED)
  }
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement)
  return out
}

/** The same for structured fields (through their JSON text), for sinks that print them themselves. */
export function redactFields(fields: Record<string, unknown>, secrets: readonly (string | null | undefined)[] = []): Record<string, unknown> {
  let text: string
  try {
    text = JSON.stringify(fields, (_key, v: unknown) => (v instanceof Error ? v.message : typeof v === 'bigint' ? String(v) : v))
  } catch {
    return { fields: '(unprintable)' }
  }
  const cleaned = redact(text, secrets)
  try {
    return JSON.parse(cleaned) as Record<string, unknown>
  } catch {
    return { fields: cleaned }
  }
}
