// The words of a scan shared by both sides of the bridge: where it came from and how the station
// sounds and shows its outcome. The contract's schemas and the core's receiving both use these.

/** Where a scan came from: a keyboard-wedge scanner, the webcam, or typed by hand (F2, a dialog). */
export const SCAN_SOURCES = ['wedge', 'camera', 'manual'] as const
export type ScanSource = (typeof SCAN_SOURCES)[number]

/** How an outcome sounds and shows: accepted, refused, a duplicate, or just information. */
export const TONES = ['accepted', 'refused', 'duplicate', 'info'] as const
export type Tone = (typeof TONES)[number]
