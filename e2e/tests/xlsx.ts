import { inflateRawSync } from 'node:zlib'

/**
 * One part of an .xlsx (a zip) as text, found through the central directory (a streamed
 * workbook carries its sizes there and in data descriptors, not in the local headers).
 */
export function xlsxPart(file: Buffer, name: string): string {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('not a zip: no end of central directory')
  const count = file.readUInt16LE(end + 10)
  let at = file.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    const method = file.readUInt16LE(at + 10)
    const compressed = file.readUInt32LE(at + 20)
    const nameLen = file.readUInt16LE(at + 28)
    const extraLen = file.readUInt16LE(at + 30)
    const commentLen = file.readUInt16LE(at + 32)
    const local = file.readUInt32LE(at + 42)
    const entry = file.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    if (entry === name) {
      const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28)
      const data = file.subarray(start, start + compressed)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    at += 46 + nameLen + extraLen + commentLen
  }
  throw new Error(`no part ${name}`)
}

/** The text of every inline-string cell of a sheet, row by row. */
export function sheetRows(xml: string): string[][] {
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c [^>]*>(.*?)<\/c>/g)].map((c) => {
      const t = /<t[^>]*>(.*?)<\/t>/.exec(c[1])
      const v = /<v>(.*?)<\/v>/.exec(c[1])
      const raw = t ? t[1] : v ? v[1] : ''
      return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    }),
  )
}
