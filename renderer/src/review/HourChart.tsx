import type { ReviewDay } from '../../../electron/contract'
import { countOf } from '../../../electron/shared/counts.std'

type Hour = ReviewDay['hourly'][number]

const PARTS = [
  { key: 'imported', label: 'imported', className: 'bar-imported' },
  { key: 'queued', label: 'queued', className: 'bar-queued' },
  { key: 'failed', label: 'failed', className: 'bar-failed' },
  { key: 'other', label: 'cancelled or undone', className: 'bar-other' }
] as const

const total = (h: Hour): number => h.imported + h.queued + h.failed + h.other

/** Imports per hour of the local day as stacked bars: plain SVG, one bar per real hour (23, 24 or 25). */
export function HourChart({ hours }: { hours: Hour[] }) {
  const max = Math.max(1, ...hours.map(total))
  const width = 720
  const height = 160
  const top = 14
  const bottom = 22
  const slot = width / Math.max(1, hours.length)
  const barWidth = Math.max(4, slot * 0.7)
  const scale = (n: number) => (n / max) * (height - top - bottom)
  const sum = hours.reduce((a, h) => a + total(h), 0)
  const busiest = hours.reduce<Hour | null>((best, h) => (best === null || total(h) > total(best) ? h : best), null)
  const summary = sum === 0 ? 'No imports this day.' : `${sum} imports; busiest hour ${busiest?.label} with ${busiest ? total(busiest) : 0}.`
  return (
    <figure className="hour-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Imports per hour. ${summary}`} data-testid="hour-chart">
        <line x1={0} x2={width} y1={height - bottom} y2={height - bottom} className="axis" />
        {hours.map((h, i) => {
          const x = i * slot + (slot - barWidth) / 2
          let y = height - bottom
          const n = total(h)
          return (
            <g key={h.start} data-hour={h.label}>
              <title>{`${h.label}: ${countOf(n, 'import')}${n > 0 ? ` (${PARTS.filter((p) => h[p.key] > 0).map((p) => `${h[p.key]} ${p.label}`).join(', ')})` : ''}`}</title>
              {PARTS.map((p) => {
                const v = h[p.key]
                if (v === 0) return null
                const hgt = scale(v)
                y -= hgt
                return <rect key={p.key} x={x} y={y} width={barWidth} height={hgt} className={p.className} />
              })}
              {n > 0 && (
                <text x={x + barWidth / 2} y={y - 3} textAnchor="middle" className="bar-value">
                  {n}
                </text>
              )}
              {(hours.length <= 12 || i % 2 === 0) && (
                <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="bar-label">
                  {h.label.slice(0, 2)}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <figcaption>
        {PARTS.map((p) => (
          <span key={p.key} className="legend">
            <span className={`swatch ${p.className}`} aria-hidden="true" /> {p.label}
          </span>
        ))}
        <span className="hint"> · {summary}</span>
      </figcaption>
    </figure>
  )
}
