// Asked when a change of API would leave operations not sent to the current one: keep them for that
// API (they wait, and go when it is chosen again) or discard them with a reason. Never sent elsewhere.
import { useState } from 'react'

export interface PendingApiSwitch {
  fromName: string
  toName: string
  unsent: number
}

export function ApiSwitchQuestion(props: { change: PendingApiSwitch; onKeep: () => void; onDiscard: (reason: string) => void; onCancel: () => void }) {
  const { fromName, toName, unsent } = props.change
  const [reason, setReason] = useState('')
  const operations = `${unsent} operation${unsent === 1 ? '' : 's'}`
  return (
    <div className="api-switch-question" role="group" aria-label="Operations not sent yet">
      <p className="tone-refused">
        {operations} not sent yet to <strong>{fromName}</strong>. They are never sent to {toName}.
      </p>
      <button type="button" className="primary" onClick={props.onKeep}>
        Keep them for {fromName}
      </button>
      <p className="hint">Kept ones wait, shown in the queue as waiting for {fromName}, and are sent when it is chosen again.</p>
      <label>
        Reason to discard them
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </label>
      <button type="button" disabled={reason.trim() === ''} onClick={() => props.onDiscard(reason.trim())}>
        Discard them and switch
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  )
}
