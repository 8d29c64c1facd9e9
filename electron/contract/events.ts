// Events pushed from the station to the page: one schema per event.
import { z } from 'zod'
import { appInfo, outboxItem, queueView } from './values'

export const stationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queue: queueView }),
  z.object({ type: z.literal('item'), item: outboxItem }),
  z.object({ type: z.literal('info'), info: appInfo })
])

export type StationEvent = z.infer<typeof stationEvent>
