// The thin DOM binding of the wedge detector: one keydown listener on the window in the capture
// phase (so it sees every key whatever has focus), a timer for the pause that ends a scan, and the
// removal of a burst's first characters from a text field once the burst turns out to be a scanner.
import { WedgeDetector, type WedgeOptions, type WedgeScan } from './wedge.std'

export type { WedgeOptions, WedgeScan } from './wedge.std'

/**
 * Starts listening; returns the function that stops. `onTyping` hears of keys that were not a scan
 * and typed nothing (no text field had focus), once they end.
 */
export function attachWedge(target: Window, onScan: (s: WedgeScan) => void, options?: Partial<WedgeOptions>, onTyping: () => void = () => {}): () => void {
  const detector = new WedgeDetector(options ?? {})
  const doc = target.document
  const now = (): number => target.performance.now()
  let timer: number | null = null

  const deliver = (decision: { scans: WedgeScan[]; typing: boolean }): void => {
    // One failing handler must not stop the listener.
    for (const s of decision.scans) guarded(() => onScan(s))
    if (decision.typing) guarded(onTyping)
  }

  const schedule = (): void => {
    if (timer !== null) target.clearTimeout(timer)
    timer = null
    const deadline = detector.deadline()
    if (deadline === null) return
    timer = target.setTimeout(() => {
      timer = null
      deliver(detector.pause(Math.max(now(), deadline)))
      schedule()
    }, Math.max(0, deadline - now()) + 1)
  }

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return
    const field = textField(doc.activeElement)
    const decision = detector.key({
      code: event.code,
      key: event.key,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      repeat: event.repeat,
      timeStamp: event.timeStamp,
      inTextField: field !== null
    })
    if (decision.consume) {
      event.preventDefault()
      event.stopPropagation()
    }
    if (decision.retract > 0 && field !== null) retract(field, decision.retract)
    deliver(decision)
    schedule()
  }

  const onBlur = (): void => {
    // Keys stop arriving when the window loses focus: end what was pending.
    deliver(detector.pause(Number.POSITIVE_INFINITY))
    schedule()
  }

  target.addEventListener('keydown', onKeyDown, { capture: true })
  target.addEventListener('blur', onBlur)
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true })
    target.removeEventListener('blur', onBlur)
    if (timer !== null) target.clearTimeout(timer)
    timer = null
  }
}

function guarded(handler: () => void): void {
  try {
    handler()
  } catch (err) {
    console.error('scan handler failed', err)
  }
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLElement

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', ''])

/** The focused element when keys would type text into it, else null. */
function textField(el: Element | null): Field | null {
  if (el === null) return null
  const e: Element = el
  if (e.tagName === 'INPUT') {
    const input = e as HTMLInputElement
    return TEXT_INPUT_TYPES.has(input.type.toLowerCase()) && !input.readOnly && !input.disabled ? input : null
  }
  if (e.tagName === 'TEXTAREA') {
    const area = e as HTMLTextAreaElement
    return !area.readOnly && !area.disabled ? area : null
  }
  // isContentEditable is true inside an editable ancestor as well.
  return (e as HTMLElement).isContentEditable === true ? (e as HTMLElement) : null
}

/** Deletes `count` characters before the caret, as if Backspace had been pressed that many times. */
function retract(field: Field, count: number): void {
  if (field.tagName === 'INPUT' || field.tagName === 'TEXTAREA') {
    const input = field as HTMLInputElement | HTMLTextAreaElement
    let end: number | null
    try {
      end = input.selectionEnd
    } catch {
      end = null // type=number and friends have no selection API
    }
    if (end === null) {
      input.value = input.value.slice(0, Math.max(0, input.value.length - count))
    } else {
      const start = Math.max(0, end - count)
      input.setRangeText('', start, end, 'end')
    }
    // React and other frameworks listen for input events to see the new value.
    input.dispatchEvent(new Event('input', { bubbles: true }))
    return
  }
  const selection = field.ownerDocument.getSelection()
  if (!selection) return
  for (let i = 0; i < count; i++) selection.modify('extend', 'backward', 'character')
  if (!selection.isCollapsed) selection.deleteFromDocument()
}
