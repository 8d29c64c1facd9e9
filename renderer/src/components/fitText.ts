import { useLayoutEffect, type RefObject } from 'react'

/** Font sizes tried, largest first, for a text that does not fit its box at full size. */
const STEPS = ['0.86em', '0.74em', '0.64em']

/**
 * Keeps `text` whole inside its element's fixed box without moving anything around it: a text too long
 * at full size is set smaller, step by step, until it fits; one that fits at none of the steps is
 * marked `data-overflow` and the box grows (CSS) rather than cut it. Done again when the window resizes.
 */
export function useFitText(ref: RefObject<HTMLElement | null>, text: string): void {
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const fit = () => {
      const fits = () => el.scrollHeight <= el.clientHeight + 1
      delete el.dataset.overflow
      el.style.fontSize = ''
      for (const size of STEPS) {
        if (fits()) return
        el.style.fontSize = size
      }
      if (!fits()) el.dataset.overflow = 'true'
    }
    fit()
    window.addEventListener('resize', fit)
    return () => window.removeEventListener('resize', fit)
  }, [ref, text])
}
