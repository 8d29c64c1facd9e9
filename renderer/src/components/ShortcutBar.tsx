/** Every function key of the station, always in view: gloves on, no mouse needed. */
const KEYS: [string, string][] = [
  ['F1', 'Receiving'],
  ['F2', 'Type a code'],
  ['F3', 'Load manifest'],
  ['F4', 'Import all'],
  ['F5', 'Sync now'],
  ['Shift+F5', 'Retry failed'],
  ['F6', 'Prepare for the day'],
  ['F7', 'Review'],
  ['F8', 'Undo last scan'],
  ['F9', 'Settings'],
  ['F10', 'Operator'],
  ['Esc', 'Close dialog']
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
