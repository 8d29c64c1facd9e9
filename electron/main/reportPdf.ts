// The review's day report as a PDF: the page as printed (its print CSS), saved where the user says.
import { app, BrowserWindow, dialog } from 'electron'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'

export async function savePagePdf(suggestedName: string): Promise<{ saved: boolean; file: string | null }> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  if (!window) return { saved: false, file: null }
  const choice = await dialog.showSaveDialog(window, {
    defaultPath: join(app.getPath('documents'), basename(suggestedName)),
    filters: [{ name: 'PDF', extensions: ['pdf'] }]
  })
  if (choice.canceled || !choice.filePath) return { saved: false, file: null }
  const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'Letter', margins: { marginType: 'default' } })
  await writeFile(choice.filePath, pdf)
  return { saved: true, file: choice.filePath }
}
