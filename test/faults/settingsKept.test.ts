// Settings survive a damaged database (issue 14, item 3), with the real processes: the command line sets
// the API address, client id, secret and operator and loads a manifest; one page of station.sqlite is
// overwritten (a middle page, the settings' own page, or the first page with the header and schema);
// the browser host started next replaces the file, and both it and the command line still point at the
// same API with the same client id and operator. The notice says what was kept and from where.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { cli } from '../cli/helpers'
import { startHostProcess } from './support/host'
import { recordFigures } from './support/sizes'
import { CLIENT_ID, CLIENT_SECRET, faultWorldOnSandbox, packageUid, tempDir } from './support/world'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const PAGE = 4096
const OPERATOR = 'Sam Okafor'

async function station(args: string[], dir: string): Promise<string> {
  const r = await cli([...args, '--data', dir])
  if (r.code !== 0) throw new Error(`station ${args.join(' ')}: ${r.code} ${r.stderr}`)
  return r.stdout
}

/** The page (1-based) where a table's rows start: the settings table is small, so its root is its only page. */
function rootPage(file: string, table: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table) as number
  } finally {
    db.close()
  }
}

function overwritePage(file: string, page: number): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.writeSync(fd, crypto.randomBytes(PAGE), 0, PAGE, (page - 1) * PAGE)
  } finally {
    fs.closeSync(fd)
  }
}

describe('settings kept after damage, through the real processes', () => {
  it('API address, client id and operator survive whichever page is damaged; the notice names what was kept and where from', { timeout: 240_000 }, async () => {
    const { sb } = await faultWorldOnSandbox(cleanups, 4)
    const configured = tempDir('station-settings-kept-')
    await station(['config', 'set', 'api-url', sb.url], configured)
    await station(['config', 'set', 'client-id', CLIENT_ID], configured)
    await station(['config', 'set', 'client-secret', CLIENT_SECRET], configured)
    await station(['config', 'set', 'operator', OPERATOR], configured)
    // A manifest, so the file has pages besides the settings' (a package per row, named at length).
    const manifest = path.join(configured, 'manifest.csv')
    const rows = Array.from({ length: 300 }, (_, i) => `${packageUid(20_000 + i)},POS-${i},INV-${i},SKU-${i},${`Product ${i} `.repeat(6)},,`)
    fs.writeFileSync(manifest, ['package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid', ...rows].join('\n'))
    await station(['manifest', 'load', manifest], configured)
    const file = (dir: string) => path.join(dir, 'station.sqlite')
    const pages = fs.statSync(file(configured)).size / PAGE
    const settingsPage = rootPage(file(configured), 'settings')
    const middle = Math.floor(pages / 2) === settingsPage ? Math.floor(pages / 2) + 1 : Math.floor(pages / 2)

    const figures: Record<string, string> = {}
    for (const [damaged, page, keptFrom] of [
      ['a middle page', middle, /Kept from it: the settings \([^)]*api_url[^)]*client_id[^)]*operator[^)]*\)/],
      ['the settings page', settingsPage, /the settings the damaged file could not give, from the copy kept beside it \([^)]*api_url[^)]*client_id[^)]*operator[^)]*\) as saved at \d{4}-/],
      ['the first page (header and schema)', 1, /Kept from it: the settings \([^)]*api_url[^)]*client_id[^)]*operator[^)]*\).*list of tables could not be read: rows were read from where each table starts/]
    ] as const) {
      const dir = tempDir('station-settings-kept-')
      fs.cpSync(configured, dir, { recursive: true })
      overwritePage(file(dir), page)

      const host = await startHostProcess(dir)
      cleanups.push(() => host.stop())
      const settings = await host.bridge<{ apiUrl: string; clientId: string; operator: string; clientSecretSet: boolean }>('getSettings')
      expect(settings, damaged).toMatchObject({ ok: true, value: { apiUrl: sb.url, clientId: CLIENT_ID, operator: OPERATOR } })
      const notices = await host.bridge<{ notices: { kind: string; message: string }[] }>('getNotices')
      if (!notices.ok) throw new Error(notices.error.message)
      expect(notices.value.notices.map((n) => n.kind), damaged).toEqual(['database_replaced'])
      const message = notices.value.notices[0]!.message
      expect(message, damaged).toMatch(keptFrom)
      expect(message, damaged).not.toMatch(/missing ones are back to their defaults/)
      expect(message, damaged).toMatch(/Not kept: .*the journal/)
      // Still the sandbox with the same credentials: the connection works.
      const connection = await host.bridge<{ state: string }>('testConnection')
      expect(connection, damaged).toMatchObject({ ok: true, value: { state: 'working' } })
      await host.stop()

      const shown = JSON.parse(await station(['config', 'show', '--json'], dir)) as { settings: Record<string, unknown> }
      expect(shown.settings, damaged).toMatchObject({ 'api-url': sb.url, 'client-id': CLIENT_ID, operator: OPERATOR })
      figures[damaged] = message.slice(message.indexOf('Kept from it:'), message.indexOf(' Not kept:'))
    }
    recordFigures('settings-kept', { cases: Object.keys(figures).length, notices: figures })
  })
})
