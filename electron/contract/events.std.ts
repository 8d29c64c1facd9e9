// Events pushed from the station to the page: one schema per event.
import { z } from 'zod'
import { appInfo, outboxItem, queueView, reconcileProgress } from './values.std'

export const stationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queue: queueView }),
  z.object({ type: z.literal('item'), item: outboxItem }),
  z.object({ type: z.literal('info'), info: appInfo }),
  z.object({ type: z.literal('reconcile'), date: z.string(), progress: reconcileProgress })
])

export type StationEvent = z.infer<typeof stationEvent>
