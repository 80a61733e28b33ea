/**
 * Photos on a visit (decision 0036): what the server takes, checked before sending so a wrong
 * file is named at once (the server judges the bytes and has the last word), and a phone's
 * photo made smaller on the phone before it goes over a mobile connection.
 */

/** The server's per-file limit (`attachment_max_bytes`, 10 MB by default). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024
/** Photos one visit keeps (`MAX_PHOTOS_PER_VISIT`). */
export const PHOTOS_PER_VISIT = 9
/** The longest side of a photo as sent: enough to read a nameplate, a fraction of the bytes. */
export const PHOTO_MAX_SIDE = 1600
/** Smaller files are sent as they are. */
const SHRINK_FROM_BYTES = 1024 * 1024

export type PhotoProblem = 'type' | 'size' | 'empty' | 'count'

const TYPES = ['image/jpeg', 'image/png']
const EXTENSIONS = ['jpg', 'jpeg', 'png']

/** What is wrong with a photo before it is sent (`existing`: photos already on the visit or picked). */
export function photoProblem(file: { name: string; size: number; type: string }, existing: number): PhotoProblem | null {
  if (existing >= PHOTOS_PER_VISIT) return 'count'
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : ''
  const typed = file.type ? TYPES.includes(file.type) : EXTENSIONS.includes(ext)
  if (!typed) return 'type'
  if (file.size === 0) return 'empty'
  if (file.size > PHOTO_MAX_BYTES) return 'size'
  return null
}

/** Width and height scaled so the longer side is at most `max` (never enlarged). */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/**
 * A large photo re-drawn as a JPEG whose longer side is at most {@link PHOTO_MAX_SIDE} (the
 * browser applies the camera's orientation while decoding). The file itself when it is small
 * already, when re-drawing would not make it smaller, or when the browser cannot decode it.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (!file.type.startsWith('image/') || file.size < SHRINK_FROM_BYTES || typeof createImageBitmap !== 'function') return file
  try {
    const bitmap = await createImageBitmap(file)
    const { width, height } = fitWithin(bitmap.width, bitmap.height)
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) return file
    // a transparent PNG turns white, not black, as a JPEG
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, width, height)
    ctx.drawImage(bitmap, 0, 0, width, height)
    bitmap.close()
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
    if (!blob || blob.size >= file.size) return file
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified })
  } catch {
    return file
  }
}
