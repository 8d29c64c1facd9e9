// The camera the operator picked, remembered on this computer (a device id is only meaningful here).
const KEY = 'station-camera-device'

/** The remembered device id, or null; anything odd in storage is treated as nothing remembered. */
export function rememberedCameraId(storage: Pick<Storage, 'getItem'> = localStorage): string | null {
  let value: string | null
  try {
    value = storage.getItem(KEY)
  } catch {
    return null // storage disabled: nothing remembered, the default camera is used
  }
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : null
}

export function rememberCameraId(deviceId: string | null, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  try {
    if (deviceId) storage.setItem(KEY, deviceId)
    else storage.removeItem(KEY)
  } catch {
    // storage full or disabled: the choice holds for this session only
  }
}
