import type { AppInfo, StationEvent } from '../contract'
import type { Dispatch } from './dispatch'
export interface StationRuntime { dispatch: Dispatch; subscribe(listener: (event: StationEvent) => void): () => void; info(): AppInfo; close(): Promise<void> }
export async function startStationRuntime(_o: { dataDir: string; host: 'desktop' | 'browser'; version: string }): Promise<StationRuntime> { throw new Error('todo') }
