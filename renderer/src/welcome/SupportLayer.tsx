// Mounted once by App: the window title with the version (the desktop window sets its own too),
// and the first-run welcome.
import { useEffect } from 'react'
import { useStation } from '../state/store'
import { Welcome } from './Welcome'

export function SupportLayer({ onConnect }: { onConnect: () => void }) {
  const version = useStation((s) => s.info?.version)
  useEffect(() => {
    if (version) document.title = `CaseID Station ${version}`
  }, [version])
  return <Welcome onConnect={onConnect} />
}
