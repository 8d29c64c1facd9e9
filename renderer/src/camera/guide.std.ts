import type { GuideBox } from './types.std'

/**
 * The box the operator is asked to hold the label in, in fractions of the video frame. The UI draws
 * it over the video (object-fit: contain keeps the fractions true) and the decoder crops it first.
 * Wide rather than square: a Metrc tag is a long Code 128, a CaseID QR fits easily.
 */
export const GUIDE_BOX: Readonly<GuideBox> = Object.freeze({ x: 0.1, y: 0.2, w: 0.8, h: 0.6 })
