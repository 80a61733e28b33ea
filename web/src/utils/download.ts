import { ElMessage } from 'element-plus'
import { i18n } from '@/locales'

type Query = Record<string, string | number | undefined>

/** The list route asked for the whole filtered list as .xlsx: the page's filters and sort, not its paging. */
export function exportUrl(path: string, query: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '' || k === 'page' || k === 'page_size') continue
    params.set(k, String(v))
  }
  params.set('format', 'xlsx')
  return `/api/v1${path}?${params.toString()}`
}

/** The file name a `Content-Disposition` gives (its UTF-8 `filename*` first), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1].trim())
    } catch {
      /* a malformed name: try the plain one */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition)
  return plain ? plain[1] : fallback
}

/**
 * Downloads a file from the API; an error answer (JSON) is shown as a message instead of being
 * saved as the file. Resolves to the file name saved, or null when the server refused.
 */
export async function downloadFile(url: string, fallback: string): Promise<string | null> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': i18n.global.locale.value } })
  if (!res.ok) {
    let message = i18n.global.t('common.downloadFailed', { status: res.status })
    try {
      const body = await res.json()
      message = body?.error?.message || message
    } catch {
      /* not JSON: keep the generic message */
    }
    ElMessage.error({ message, grouping: true })
    return null
  }
  const name = fileNameOf(res.headers.get('Content-Disposition'), fallback)
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
  return name
}
