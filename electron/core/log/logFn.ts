// The station's log as its parts call it: the hosts write it to the rotating file and their output.
export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void
