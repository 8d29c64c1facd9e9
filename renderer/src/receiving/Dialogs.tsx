import { useState, type FormEvent } from 'react'
import { station } from '../bridge/bridge'
import { useStation, type Dialog } from '../state/store'
import { submitScan } from '../scan/route'
import { useReceiving } from './state'
import { Modal } from '../components/Modal'

function submit(handler: () => void) {
  return (event: FormEvent) => {
    event.preventDefault()
    handler()
  }
}

function OperatorDialog() {
  const info = useStation((s) => s.info)
  const [name, setName] = useState(info?.operator ?? '')
  // At the start of a shift the question must be answered: every operation records the operator.
  const close = () => {
    if (info?.operator) useStation.getState().openDialog(null)
  }
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
      useReceiving.setState({ activeManifest: remembered })
      useStation.setState({ dialog: null })
      useStation.getState().showFeedback({ message: `Package ${packageUid} remembered: scan its cases.`, tone: 'accepted' })
      await useReceiving.getState().refreshManifest()
    })
  // The lengths the bridge accepts (electron/contract rememberPackage): a longer entry is never typed, not refused after.
  const field = (key: keyof typeof fields, label: string, required: boolean, maxLength: number) => (
    <label>
      {label}
      <input value={fields[key]} required={required} maxLength={maxLength} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </label>
  )
  // Spaces alone are no POS id: the button waits for both (as "Start shift" waits for a name).
  const complete = fields.posProductId.trim() !== '' && fields.posInventoryId.trim() !== ''
  return (
    <Modal title={`Package ${packageUid} is not on the manifest`} onClose={close}>
      <form onSubmit={submit(save)}>
        <p className="hint">Enter its POS ids once; the station remembers them.</p>
        {field('posProductId', 'POS product id', true, 100)}
        {field('posInventoryId', 'POS inventory id', true, 100)}
        {field('sku', 'SKU', false, 100)}
        {field('productName', 'Product name', false, 200)}
        <button className="primary" type="submit" disabled={!complete}>Remember package</button>
      </form>
    </Modal>
  )
}

/** Packaged products can be typed, pasted or scanned (the core takes a scanned id into the answer). */
export function PackagedProductDialog({ caseUuid, packageUid }: { caseUuid: string; packageUid: string }) {
  const text = useStation((s) => s.packagedProductDraft)
  const close = () => useStation.getState().openDialog(null)
  const ids = text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean)
  return (
    <Modal title="Which packaged product is in this case?" onClose={close}>
      <form onSubmit={submit(() => void useReceiving.getState().answerPackagedProducts(caseUuid, packageUid, ids))}>
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
          void submitScan(text, 'manual')
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
      // Keyed: a dialog for another package starts empty.
      return <PosIdsDialog key={dialog.packageUid} packageUid={dialog.packageUid} />
    case 'packaged-product':
      return <PackagedProductDialog key={`${dialog.caseUuid} ${dialog.packageUid}`} caseUuid={dialog.caseUuid} packageUid={dialog.packageUid} />
    case 'type-code':
      return <TypeCodeDialog />
    case 'confirm-import-all':
      return (
        <Confirm
          title="Import all not imported?"
          text={`Queue imports for the ${dialog.count} CaseIDs of ${dialog.packageUid} that are not imported yet.`}
          action="Import all"
          onConfirm={() => void useReceiving.getState().importAll(dialog.packageUid)}
        />
      )
    case 'confirm-undo': {
      const product = dialog.productName ? ` (${dialog.productName})` : ''
      const products = dialog.products > 1 ? ` and its ${dialog.products} packaged products` : ''
      return (
        <Confirm
          title="Undo your last scan?"
          text={`Remove CaseID ${dialog.caseUuid}${products} from package ${dialog.packageUid}${product}. Not yet sent: it is cancelled; sent: a remove is queued.`}
          action="Undo"
          onConfirm={() => void useReceiving.getState().undoLastScan()}
        />
      )
    }
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
