// Writes the scan sounds into resources/sounds as 16-bit mono WAV files, from the tone
// descriptions below, so that they can be changed by editing numbers, not audio files.
// Run: npx tsx scripts/make-sounds.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Note = { hz: number; ms: number; gap?: number }

/** Accepted: one short high beep. Refused: two low buzzes. Already scanned: a soft double tick. */
export const SOUNDS: Record<string, { notes: Note[]; wave: 'sine' | 'square'; volume: number }> = {
  accepted: { notes: [{ hz: 1760, ms: 90 }], wave: 'sine', volume: 0.6 },
  refused: { notes: [{ hz: 220, ms: 160, gap: 70 }, { hz: 196, ms: 220 }], wave: 'square', volume: 0.35 },
  duplicate: { notes: [{ hz: 988, ms: 50, gap: 60 }, { hz: 988, ms: 50 }], wave: 'sine', volume: 0.45 }
}

const RATE = 22_050

export function renderWav(sound: (typeof SOUNDS)[string]): Buffer {
  const samples: number[] = []
  for (const note of sound.notes) {
    const count = Math.round((note.ms / 1000) * RATE)
    const fade = Math.min(200, Math.floor(count / 4)) // soft edges: no clicks
    for (let i = 0; i < count; i++) {
      const phase = Math.sin((2 * Math.PI * note.hz * i) / RATE)
      const value = sound.wave === 'square' ? Math.sign(phase) : phase
      const envelope = Math.min(1, i / fade, (count - i) / fade)
      samples.push(value * envelope * sound.volume)
    }
    for (let i = 0; i < Math.round(((note.gap ?? 0) / 1000) * RATE); i++) samples.push(0)
  }
  const data = Buffer.alloc(samples.length * 2)
  samples.forEach((s, i) => data.writeInt16LE(Math.round(s * 32767), i * 2))
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(RATE, 24)
  header.writeUInt32LE(RATE * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '../resources/sounds')
  mkdirSync(out, { recursive: true })
  for (const [name, sound] of Object.entries(SOUNDS)) writeFileSync(join(out, `${name}.wav`), renderWav(sound))
}
