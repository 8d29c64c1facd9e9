/** Hands text to the browser as a file download (the browser host; Electron asks where to save it). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled, or the download may find nothing.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
