import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderWav, SOUNDS } from '../../scripts/make-sounds'

describe('scan sounds in resources/', () => {
  it('are exactly what scripts/make-sounds.ts renders (regenerate with npx tsx scripts/make-sounds.ts)', () => {
    for (const [name, sound] of Object.entries(SOUNDS)) {
      expect(readFileSync(`resources/sounds/${name}.wav`).equals(renderWav(sound)), name).toBe(true)
    }
  })

  it('are three different, short sounds', () => {
    const lengths = Object.values(SOUNDS).map((s) => renderWav(s).length)
    expect(new Set(lengths).size).toBe(3)
    for (const length of lengths) expect(length).toBeLessThan(22_050 * 2) // under a second each
  })
})
