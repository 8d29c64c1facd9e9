// Imported first by main.tsx, before any module builds a schema: zod decides at schema creation
// whether it may compile parsers with `new Function`, and its probe, although caught, is reported
// as a violation of the page's CSP (no eval). Without eval it parses the same, only interpreted.
import { z } from 'zod'

z.config({ jitless: true })
