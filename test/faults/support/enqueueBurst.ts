// A child process for the storage suite: opens a station on the folder given and enqueues without
// end (single imports, batches, removes), printing each id on its own line once the call returned.
// The parent kills it with SIGKILL at a random moment.
import { randomShortUuid } from '../../../electron/sandbox'
import { openStation } from '../../../electron/core/station'
import { packageUid } from './world'

const dir = process.argv[2]
if (!dir) throw new Error('usage: enqueueBurst.ts DATA_DIR')
const st = openStation({ dataDir: dir })
const out = (ids: number[]): void => void process.stdout.write(ids.map((id) => `${id}\n`).join(''))
const input = () => ({ caseUuid: randomShortUuid(), packagedProductUuid: randomShortUuid(), packageUid: packageUid(1 + Math.floor(Math.random() * 9)), posProductId: 'P', posInventoryId: 'I', source: 'burst' })

process.stdout.write('ready\n')
for (;;) {
  const r = Math.random()
  if (r < 0.6) out([st.enqueueImport(input()).id])
  else if (r < 0.9) out(st.enqueueImports(Array.from({ length: 1 + Math.floor(Math.random() * 20) }, input)).map((i) => i.id))
  else {
    const i = input()
    const removed = st.enqueueRemove({ caseUuid: i.caseUuid, packageUid: i.packageUid, reason: 'burst' })
    out('cancelled' in removed ? removed.cancelled.map((c) => c.id) : [removed.id])
  }
}
