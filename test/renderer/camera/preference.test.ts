import { describe, expect, it } from 'vitest'
import { rememberCameraId, rememberedCameraId } from '../../../renderer/src/camera/preference'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k)
  }
}

const broken = {
  getItem: () => {
    throw new Error('SecurityError')
  },
  setItem: () => {
    throw new Error('QuotaExceededError')
  },
  removeItem: () => {
    throw new Error('SecurityError')
  }
}

describe('remembered camera', () => {
  it('remembers the picked device id, and forgets it when the default camera is picked', () => {
    const s = memoryStorage()
    expect(rememberedCameraId(s)).toBeNull()
    rememberCameraId('abc123', s)
    expect(rememberedCameraId(s)).toBe('abc123')
    rememberCameraId(null, s)
    expect(rememberedCameraId(s)).toBeNull()
  })

  it('treats an empty or absurd stored value as nothing remembered', () => {
    const s = memoryStorage()
    s.items.set('station-camera-device', '')
    expect(rememberedCameraId(s)).toBeNull()
    s.items.set('station-camera-device', 'x'.repeat(513))
    expect(rememberedCameraId(s)).toBeNull()
  })

  it('storage that throws (disabled, full) means the default camera, not a crash', () => {
    expect(rememberedCameraId(broken)).toBeNull()
    expect(() => rememberCameraId('abc', broken)).not.toThrow()
  })
})
