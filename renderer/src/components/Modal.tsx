import { useEffect, useId, useRef, type ReactNode } from 'react'

/** A modal dialog: labelled, Escape closes it, focus starts on its first field. */
export function Modal(props: { title: string; onClose: () => void; children: ReactNode }) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const { onClose } = props
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button.primary')
    first?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <div className="overlay">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
      </div>
    </div>
  )
}
