import { useState } from 'react'
import type { ReviewRow } from '../../../electron/contract'
import { Modal } from '../components/Modal'
import { useReview } from './state'

/** Undo of an import: the reason is required and goes into the journal with the operator. */
export function UndoDialog({ row }: { row: ReviewRow }) {
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const close = () => useReview.getState().askUndo(null)
  const ready = reason.trim().length > 0 && !busy
  return (
    <Modal title="Undo this import" onClose={close}>
      <p>
        CaseID <span className="mono">{row.caseUuid}</span> in package <span className="mono">{row.packageUid}</span>
        {row.productName ? ` (${row.productName})` : ''}, {row.stateWord}. A remove is queued and sent to LucidRetail
        {row.group === 'queued' ? ' (or, if the import was never sent, both are cancelled here)' : ''}.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (!ready) return
          setBusy(true)
          void useReview
            .getState()
            .undo(reason.trim())
            .finally(() => setBusy(false))
        }}
      >
        <label>
          Reason (required)
          <textarea value={reason} onChange={(e) => setReason(e.target.value.replace(/[\r\n]+/g, ' '))} maxLength={500} rows={3} required />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={!ready}>
            Undo import
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  )
}
