// The words of a scan shared by both sides of the bridge: where it came from and how the station
// sounds and shows its outcome, and what the screen has open when it comes in. The contract's schemas and
// the core's receiving both use these.
import { z } from 'zod'

/** Where a scan came from: a keyboard-wedge scanner, the webcam, or typed by hand (F2, a dialog). */
export const SCAN_SOURCES = ['wedge', 'camera', 'manual'] as const
export type ScanSource = (typeof SCAN_SOURCES)[number]

/** How an outcome sounds and shows: accepted, refused, a duplicate, or just information. */
export const TONES = ['accepted', 'refused', 'duplicate', 'info'] as const
export type Tone = (typeof TONES)[number]

/** What the screen has open when a scan comes in (a scan is never typed into a dialog). */
export const openDialog = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('packaged-product'), caseUuid: z.string().max(64) }),
  z.object({ kind: z.literal('pos-ids'), packageUid: z.string().max(64) }),
  z.object({ kind: z.literal('operator') }),
  z.object({ kind: z.literal('question') })
])
export type OpenDialog = z.infer<typeof openDialog>
