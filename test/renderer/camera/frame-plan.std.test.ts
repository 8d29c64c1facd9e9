import { describe, expect, it } from 'vitest'
import { FramePlan, type ReaderKind } from '../../../renderer/src/camera/frame-plan.std'

describe('which reader each camera frame gets', () => {
  it('starts quick; while nothing is read the readers take turns, so no frame runs both', () => {
    const plan = new FramePlan()
    const seen: ReaderKind[] = []
    for (let f = 0; f < 4; f++) {
      seen.push(plan.next)
      plan.ran(plan.next, false)
    }
    expect(seen).toEqual(['quick', 'full', 'quick', 'full'])
  })

  it('keeps the reader that read while it reads', () => {
    const plan = new FramePlan()
    plan.ran('quick', true)
    expect(plan.next).toBe('quick')
    plan.ran('full', true)
    expect(plan.next).toBe('full')
  })

  it('starts over with the quick reader after a frame with nothing to read', () => {
    const plan = new FramePlan()
    plan.ran('quick', false)
    plan.reset()
    expect(plan.next).toBe('quick')
  })

  it('checks contrast before every frame except one right after a quick read', () => {
    const plan = new FramePlan()
    expect(plan.checkContrast).toBe(true)
    plan.ran('quick', true)
    expect(plan.checkContrast).toBe(false)
    plan.ran('quick', false)
    expect(plan.checkContrast).toBe(true) // the full reader never runs unchecked
    plan.ran('full', true)
    expect(plan.checkContrast).toBe(true)
    plan.ran('quick', true)
    plan.reset()
    expect(plan.checkContrast).toBe(true)
  })
})
