import { useState, type FormEvent } from 'react'
import type { PublicSettings } from '../../../electron/contract'
import { station } from '../bridge/bridge'
import { useStation, type Dialog } from '../state/store'
import { Modal } from './Modal'

const API_CHOICES = [
  { value: 'builtin', label: 'Built-in sandbox (demo data)' },
  { value: 'https://retail-test.lucidgreen.io', label: 'LucidRetail test' },
  { value: 'https://retail.lucidgreen.io', label: 'LucidRetail production' },
  { value: 'custom', label: 'Custom URL' }
]

function submit(handler: () => void) {
  return (event: FormEvent) => {
    event.preventDefault()
    handler()
  }
}

function OperatorDialog() {
  const info = useStation((s) => s.info)
  const [name, setName] = useState(info?.operator ?? '')
  const close = () => useStation.getState().openDialog(null)
  const save = () =>
    void useStation.getState().run(async () => {
      await station.setSettings({ operator: name.trim() })
      useStation.setState({ info: await station.getAppInfo({}), dialog: null })
    })
  return (
    <Modal title="Who is on shift?" onClose={close}>
      <form onSubmit={submit(save)}>
        <label>
          Operator name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        </label>
        <p className="hint">Recorded on every import and remove.</p>
        <button className="primary" type="submit" disabled={name.trim() === ''}>Start shift</button>
      </form>
    </Modal>
  )
}

function PosIdsDialog({ packageUid }: { packageUid: string }) {
  const [fields, setFields] = useState({ posProductId: '', posInventoryId: '', sku: '', productName: '' })
  const close = () => useStation.getState().openDialog(null)
  const save = () =>
    void useStation.getState().run(async () => {
      const remembered = await station.rememberPackage({ packageUid, ...fields })
      useStation.setState({ activeManifest: remembered, dialog: null })
      useStation.getState().showFeedback({ message: `Package ${packageUid} remembered: scan its cases.`, tone: 'accepted' })
      await useStation.getState().refreshManifest()
    })
  const field = (key: keyof typeof fields, label: string, required: boolean) => (
    <label>
      {label}
      <input value={fields[key]} required={required} maxLength={200} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </label>
  )
  return (
    <Modal title={`Package ${packageUid} is not on the manifest`} onClose={close}>
      <form onSubmit={submit(save)}>
        <p className="hint">Enter its POS ids once; the station remembers them.</p>
        {field('posProductId', 'POS product id', true)}
        {field('posInventoryId', 'POS inventory id', true)}
        {field('sku', 'SKU', false)}
        {field('productName', 'Product name', false)}
        <button className="primary" type="submit">Remember package</button>
      </form>
    </Modal>
  )
}

/** Packaged products can be typed, pasted or scanned (a scan fills the field: see App). */
export function PackagedProductDialog({ caseUuid, packageUid }: { caseUuid: string; packageUid: string }) {
  const text = useStation((s) => s.packagedProductDraft)
  const close = () => useStation.getState().openDialog(null)
  const ids = text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean)
  return (
    <Modal title="Which packaged product is in this case?" onClose={close}>
      <form onSubmit={submit(() => void useStation.getState().answerPackagedProducts(caseUuid, packageUid, ids))}>
        <p>
          CaseID <span className="mono">{caseUuid}</span> into <span className="mono">{packageUid}</span>
        </p>
        <label>
          Packaged product id(s), one per line: scan, paste or type
          <textarea value={text} rows={3} onChange={(e) => useStation.setState({ packagedProductDraft: e.target.value })} />
        </label>
        <button className="primary" type="submit" disabled={ids.length === 0}>Import</button>
      </form>
    </Modal>
  )
}

function TypeCodeDialog() {
  const [text, setText] = useState('')
  const close = () => useStation.getState().openDialog(null)
  return (
    <Modal title="Type a code from a damaged label" onClose={close}>
      <form
        onSubmit={submit(() => {
          close()
          void useStation.getState().scan(text, 'manual')
        })}
      >
        <label>
          CaseID or Package UID
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={4096} className="mono" />
        </label>
        <button className="primary" type="submit" disabled={text.trim() === ''}>Use this code</button>
      </form>
    </Modal>
  )
}

function SettingsDialog() {
  const [loaded, setLoaded] = useState<PublicSettings | null>(null)
  const [form, setForm] = useState({ api: 'builtin', customUrl: '', clientId: '', clientSecret: '', stationName: '' })
  const close = () => useStation.getState().openDialog(null)
  if (loaded === null) {
    void useStation.getState().run(async () => {
      const settings = await station.getSettings({})
      const known = API_CHOICES.some((c) => c.value === settings.apiUrl)
      setForm({ api: known ? settings.apiUrl : 'custom', customUrl: known ? '' : settings.apiUrl, clientId: settings.clientId, clientSecret: '', stationName: settings.stationName })
      setLoaded(settings)
    })
  }
  const save = () =>
    void useStation.getState().run(async () => {
      const apiUrl = form.api === 'custom' ? form.customUrl.trim() : form.api
      await station.setSettings({
        apiUrl,
        clientId: form.clientId.trim(),
        stationName: form.stationName.trim(),
        ...(form.clientSecret !== '' ? { clientSecret: form.clientSecret } : {})
      })
      useStation.setState({ info: await station.getAppInfo({}), dialog: null })
      useStation.getState().showFeedback({ message: 'Settings saved.', tone: 'info' })
    })
  return (
    <Modal title="Settings" onClose={close}>
      <form onSubmit={submit(save)}>
        <label>
          LucidRetail API
          <select value={form.api} onChange={(e) => setForm({ ...form, api: e.target.value })}>
            {API_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </select>
        </label>
        {form.api === 'custom' && (
          <label>
            API URL (https, or http on 127.0.0.1)
            <input value={form.customUrl} onChange={(e) => setForm({ ...form, customUrl: e.target.value })} />
          </label>
        )}
        {form.api !== 'builtin' && (
          <>
            <label>
              Client id
              <input value={form.clientId} onChange={(e) => setForm({ ...form, clientId: e.target.value })} autoComplete="off" />
            </label>
            <label>
              Client secret
              <input
                type="password"
                value={form.clientSecret}
                placeholder={loaded?.hasClientSecret ? 'Saved (type to replace)' : 'Not set'}
                onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
                autoComplete="off"
              />
            </label>
          </>
        )}
        <label>
          Station name
          <input value={form.stationName} onChange={(e) => setForm({ ...form, stationName: e.target.value })} maxLength={100} />
        </label>
        <button className="primary" type="submit">Save</button>
      </form>
    </Modal>
  )
}

function Confirm(props: { title: string; text: string; action: string; onConfirm: () => void }) {
  const close = () => useStation.getState().openDialog(null)
  return (
    <Modal title={props.title} onClose={close}>
      <p>{props.text}</p>
      <div className="actions">
        <button className="primary" type="button" onClick={props.onConfirm}>{props.action}</button>
        <button type="button" onClick={close}>Cancel</button>
      </div>
    </Modal>
  )
}

export function Dialogs() {
  const dialog: Dialog | null = useStation((s) => s.dialog)
  if (!dialog) return null
  switch (dialog.kind) {
    case 'operator':
      return <OperatorDialog />
    case 'pos-ids':
      return <PosIdsDialog packageUid={dialog.packageUid} />
    case 'packaged-product':
      return <PackagedProductDialog caseUuid={dialog.caseUuid} packageUid={dialog.packageUid} />
    case 'type-code':
      return <TypeCodeDialog />
    case 'settings':
      return <SettingsDialog />
    case 'confirm-import-all':
      return (
        <Confirm
          title="Import all not imported?"
          text={`Queue imports for the ${dialog.count} CaseIDs of ${dialog.packageUid} that are not imported yet.`}
          action="Import all"
          onConfirm={() => void useStation.getState().importAll(dialog.packageUid)}
        />
      )
    case 'confirm-discard':
      return (
        <Confirm
          title="Discard this failed item?"
          text={`The operation on CaseID ${dialog.caseUuid} will not be sent. The journal keeps a record of it.`}
          action="Discard"
          onConfirm={() =>
            void useStation.getState().run(async () => {
              await station.discardItem({ id: dialog.id })
              useStation.getState().openDialog(null)
            })
          }
        />
      )
  }
}
