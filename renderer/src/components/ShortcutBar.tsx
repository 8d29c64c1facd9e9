/**
 * The function keys of the work, always in view and read from arm's length: gloves on, no mouse
 * needed. One line at 1280 px: the keys of the screens and of the operator (F1, F7, F9, F10) are on
 * their buttons in the top bar, always in view too.
 */
const KEYS: [string, string][] = [
  ['F2', 'Type a code'],
  ['F3', 'Manifest'],
  ['F4', 'Import all'],
  ['F5', 'Sync now'],
  ['Shift+F5', 'Retry failed'],
  ['F6', 'Prepare day'],
  ['F8', 'Undo last scan'],
  ['Esc', 'Close']
]

export function ShortcutBar() {
  return (
    <footer className="shortcut-bar" aria-label="Keyboard shortcuts">
      {KEYS.map(([key, label]) => (
        <span key={key}>
          <kbd>{key}</kbd> {label}
        </span>
      ))}
    </footer>
  )
}
