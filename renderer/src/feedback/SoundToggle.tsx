import { useState } from 'react'
import { setSoundsMuted, soundsMuted } from './sounds'

/** The mute setting of the scan sounds (kept on this computer). */
export function SoundToggle() {
  const [muted, setMuted] = useState(soundsMuted)
  return (
    <button
      type="button"
      aria-pressed={muted}
      onClick={() => {
        setSoundsMuted(!muted)
        setMuted(!muted)
      }}
    >
      Mute sounds
    </button>
  )
}
