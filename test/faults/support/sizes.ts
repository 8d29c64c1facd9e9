// Sizes of the fault suites. `npm test` runs the quick sizes; `npm run soak` sets FAULTS_SIZE to
// 'full' (the sizes of issue 8) or to a fraction of them, and FAULTS_FIGURES to a file where each
// suite appends the figures that docs/RELIABILITY.md quotes.
import fs from 'node:fs'

/** Each suite's sizes as [quick, full]: quick is what `npm test` runs, full the sizes of issue 8. */
const SIZES = {
  crash: { kills: [8, 50], imports: [80, 500] },
  outage: { operations: [40, 300], holdMs: [0, 60_000] },
  mix: { items: [30, 1000] },
  storage: { kills: [6, 50] },
  bridgeFuzz: { perCall: [25, 300] },
  sandboxFuzz: { cases: [300, 5000] },
  flood: { posts: [60, 600] },
  splitBrain: { trials: [3, 20] }
} satisfies Record<string, Record<string, [quick: number, full: number]>>

export type Sizes = { [Suite in keyof typeof SIZES]: { [Figure in keyof (typeof SIZES)[Suite]]: number } }

/** Every suite's sizes, each figure chosen from its quick and full size by `pick`. */
function sized(pick: (quick: number, full: number) => number): Sizes {
  const suite = (figures: Record<string, [number, number]>) => Object.fromEntries(Object.entries(figures).map(([k, [quick, full]]) => [k, pick(quick, full)]))
  return Object.fromEntries(Object.entries(SIZES).map(([name, figures]) => [name, suite(figures)])) as Sizes
}

/** 'quick' (default), 'full', or a fraction of full such as 0.2 (never below the quick sizes). */
export function sizes(env: string | undefined = process.env.FAULTS_SIZE): Sizes {
  if (env === undefined || env === '' || env === 'quick') return sized((quick) => quick)
  if (env === 'full') return sized((_quick, full) => full)
  const f = Number(env)
  if (!Number.isFinite(f) || f <= 0) throw new Error(`FAULTS_SIZE must be quick, full or a positive fraction, not ${JSON.stringify(env)}`)
  return sized((quick, full) => Math.max(quick, Math.round(full * f)))
}

/** Appends one suite's figures (a JSON line) to $FAULTS_FIGURES, which scripts/soak.ts reads. */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const file = process.env.FAULTS_FIGURES
  if (!file) return
  fs.appendFileSync(file, `${JSON.stringify({ suite, at: new Date().toISOString(), size: process.env.FAULTS_SIZE ?? 'quick', ...figures })}\n`)
}

/** A test's time budget grows with its size: `base` plus `perUnit` ms per unit of work. */
export function budget(base: number, units: number, perUnit: number): number {
  return base + units * perUnit
}
