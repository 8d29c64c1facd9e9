import { useEffect, useRef } from 'react'
import { playTone } from '../feedback/sounds'
import { useStation } from '../state/store'
import { useReceiving } from '../receiving/state'
import { switchToSuggestedPackage } from '../scan/route'
import { idleStatus } from './words.std'
import { useFitText } from './fitText'

/** The one live region of the app: each scan's result in words, large and coloured by outcome. */
export function StatusLine() {
  const feedback = useStation((s) => s.feedback)
  const adoptAsPackageUid = useReceiving((s) => s.adoptAsPackageUid)
  const connection = useStation((s) => s.queue?.connection)
  const message = feedback?.message ?? idleStatus(connection)
  // Two lines always kept; a longer message is set smaller to fit them, whole, and nothing moves.
  const messageRef = useRef<HTMLSpanElement>(null)
  useFitText(messageRef, message)
  useEffect(() => {
    if (feedback) playTone(feedback.tone)
  }, [feedback])
  return (
    <div className={`status-line ${feedback ? `tone-${feedback.tone}` : ''}`} data-flash={feedback?.at}>
      <span role="status" aria-live="polite" ref={messageRef}>
        {message}
      </span>
      {feedback?.unrecognisedText !== undefined && (
        <button type="button" onClick={() => void adoptAsPackageUid(feedback.unrecognisedText ?? '')}>
          Use as Package UID
        </button>
      )}
      {feedback?.switchTo !== undefined && (
        <button type="button" onClick={() => void switchToSuggestedPackage()}>
          Switch to {feedback.switchTo.packageUid}
          {feedback.switchTo.productName ? ` (${feedback.switchTo.productName})` : ''}
          <kbd>F12</kbd>
        </button>
      )}
    </div>
  )
}
