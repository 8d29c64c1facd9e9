import { useStation } from '../state/store'
import { formatClock } from './format.std'

/** What the station must tell the operator when it opens (a damaged database kept aside), until dismissed. */
export function NoticeBar() {
  const notices = useStation((s) => s.notices)
  const dismiss = useStation((s) => s.dismissNotice)
  if (notices.length === 0) return null
  return (
    <div className="notices" role="alert">
      {notices.map((notice) => (
        <div key={notice.id} className="notice">
          <span>
            <strong>{formatClock(notice.at)}</strong> {notice.message}
          </span>
          <button type="button" onClick={() => void dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}
