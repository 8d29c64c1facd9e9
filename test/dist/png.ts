// A small PNG reader for the icon tests, written apart from the encoder that made the files
// (resvg): it checks the chunk layout and inflates and unfilters the pixels itself.
import { inflateSync } from 'node:zlib'

export interface DecodedPng {
  width: number
  height: number
  /** Straight RGBA, top row first. */
  rgba: Buffer
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature')
  let offset = 8
  let width = 0
  let height = 0
  const data: Buffer[] = []
  let ended = false
  while (offset < file.length) {
    const length = file.readUInt32BE(offset)
    const type = file.toString('latin1', offset + 4, offset + 8)
    const body = file.subarray(offset + 8, offset + 8 + length)
    if (body.length !== length) throw new Error(`truncated ${type} chunk`)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || colour !== 6 || interlace !== 0) throw new Error(`unexpected PNG format depth ${depth} colour ${colour} interlace ${interlace}`)
    }
    if (type === 'IDAT') data.push(body)
    offset += 12 + length
    if (type === 'IEND') {
      ended = true
      break
    }
  }
  if (!ended || offset !== file.length) throw new Error('PNG does not end with IEND')
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * 4
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`)
  const rgba = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0
      let predicted: number
      switch (filter) {
        case 0: predicted = 0; break
        case 1: predicted = left; break
        case 2: predicted = up; break
        case 3: predicted = (left + up) >> 1; break
        case 4: {
          const p = left + up - upLeft
          const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)]
          predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
          break
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`)
      }
      rgba[y * stride + x] = (value + predicted) & 0xff
    }
  }
  return { width, height, rgba }
}
