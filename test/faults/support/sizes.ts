// Sizes of the fault suites. `npm test` runs the quick sizes; `npm run soak` sets FAULTS_SIZE to
// 'full' (the sizes of issue 8) or to a fraction of them, and FAULTS_FIGURES to a file where each
// suite appends the figures that docs/RELIABILITY.md quotes.
import fs from 'node:fs'

export interface Sizes {
  crash: { kills: number; imports: number }
  outage: { operations: number; holdMs: number }
  mix: { items: number }
  storage: { kills: number }
  bridgeFuzz: { perCall: number }
  sandboxFuzz: { cases: number }
  flood: { posts: number }
  splitBrain: { trials: number }
}

export const QUICK: Sizes = {
  crash: { kills: 8, imports: 80 },
  outage: { operations: 40, holdMs: 0 },
  mix: { items: 30 },
  storage: { kills: 6 },
  bridgeFuzz: { perCall: 25 },
  sandboxFuzz: { cases: 300 },
  flood: { posts: 60 },
  splitBrain: { trials: 3 }
}

export const FULL: Sizes = {
  crash: { kills: 50, imports: 500 },
  outage: { operations: 300, holdMs: 60_000 },
  mix: { items: 1000 },
  storage: { kills: 50 },
  bridgeFuzz: { perCall: 300 },
  sandboxFuzz: { cases: 5000 },
  flood: { posts: 600 },
  splitBrain: { trials: 20 }
}

/** 'quick' (default), 'full', or a fraction of full such as 0.2 (never below the quick sizes). */
export function sizes(env: string | undefined = process.env.FAULTS_SIZE): Sizes {
  if (env === undefined || env === '' || env === 'quick') return QUICK
  if (env === 'full') return FULL
  const f = Number(env)
  if (!Number.isFinite(f) || f <= 0) throw new Error(`FAULTS_SIZE must be quick, full or a positive fraction, not ${JSON.stringify(env)}`)
  const scale = (q: Record<string, number>, full: Record<string, number>) =>
    Object.fromEntries(Object.keys(full).map((k) => [k, Math.max(q[k]!, Math.round(full[k]! * f))]))
  return Object.fromEntries(Object.keys(FULL).map((k) => [k, scale(QUICK[k as keyof Sizes] as never, FULL[k as keyof Sizes] as never)])) as unknown as Sizes
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
