import { useEffect, useState } from 'react'
import type { Tone } from '../../../electron/contract'
import { useStation } from '../state/store'

const LOOK: Partial<Record<Tone, { mark: string; word: string }>> = {
  accepted: { mark: '✓', word: 'Accepted' },
  refused: { mark: '✕', word: 'Refused' },
  duplicate: { mark: '↻', word: 'Already scanned' }
}

/** How long the big mark stays: long enough to see from arm's length, gone before the next scan. */
const SHOW_MS = 1200

/**
 * The large visual confirmation of each scan, seen from across the dock without reading. Hidden
 * from assistive technology: the status line (role="status") says the same in words.
 */
export function ScanFlash() {
  const feedback = useStation((s) => s.feedback)
  // The feedback whose mark has had its time: the mark shows until its timer says so.
  const [doneAt, setDoneAt] = useState<number | null>(null)
  useEffect(() => {
    if (!feedback) return
    const timer = setTimeout(() => setDoneAt(feedback.at), SHOW_MS)
    return () => clearTimeout(timer)
  }, [feedback])
  const look = feedback && LOOK[feedback.tone]
  if (!feedback || !look || doneAt === feedback.at) return null
  const shown = feedback
  return (
    <div key={shown.at} className={`scan-flash flash-${shown.tone}`} aria-hidden="true" data-testid="scan-flash" data-tone={shown.tone}>
      <span className="mark">{look.mark}</span>
      <span className="word">{look.word}</span>
    </div>
  )
}
