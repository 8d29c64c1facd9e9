// Mounted once by App: the window title with the version (the desktop window sets its own too).
// The first-run welcome (./Welcome) is a screen of its own, shown by App in place of receiving.
import { useEffect } from 'react'
import { useStation } from '../state/store'

export function SupportLayer() {
  const version = useStation((s) => s.info?.version)
  useEffect(() => {
    if (version) document.title = `CaseID Station ${version}`
  }, [version])
  return null
}
