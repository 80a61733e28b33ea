import { ElMessage } from 'element-plus'
import { i18n } from '@/locales'

/**
 * The printed documents (decision 0038): the weekly bulletin 周通报, the monthly contest report
 * 竞赛月报 and a ticket's 回执 are PDFs the server typesets; the console only names the period.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** A calendar day (no time zone games: the day as written). */
function day(d: Date | string): Date {
  if (typeof d === 'string') {
    const [y, m, dd] = d.slice(0, 10).split('-').map(Number)
    return new Date(Date.UTC(y, m - 1, dd))
  }
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))
}

/** The ISO week of a day as the server reads it: `2026-W49` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(d: Date | string): string {
  const t = day(d)
  const weekday = (t.getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  t.setUTCDate(t.getUTCDate() - weekday + 3) // the Thursday of this week decides the year
  const year = t.getUTCFullYear()
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const firstThursday = new Date(jan4)
  firstThursday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + 3)
  const week = 1 + Math.round((t.getTime() - firstThursday.getTime()) / (7 * 86400000))
  return `${year}-W${pad(week)}`
}

/** The last full week before `today` (what the server prints when no week is named). */
export function lastFullWeek(today: Date | string): string {
  const t = day(today)
  t.setUTCDate(t.getUTCDate() - 7)
  return isoWeek(t)
}

/** The month before `today`'s: `YYYY-MM`. */
export function lastFullMonth(today: Date | string): string {
  const t = day(today)
  const y = t.getUTCFullYear()
  const m = t.getUTCMonth() // 0-based: the previous month's number
  return m === 0 ? `${y - 1}-12` : `${y}-${pad(m)}`
}

export function weeklyBulletinUrl(week: string, park?: number | null): string {
  const q = new URLSearchParams({ week })
  if (park) q.set('park', String(park))
  return `/api/v1/bulletins/weekly?${q.toString()}`
}

export function contestReportUrl(month: string): string {
  return `/api/v1/bulletins/contest?${new URLSearchParams({ month }).toString()}`
}

export function ticketReceiptUrl(id: number): string {
  return `/api/v1/tickets/${id}/receipt`
}

/** The file name a `Content-Disposition` gives (its UTF-8 `filename*` first), else `fallback`. */
export function pdfNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1].trim())
    } catch {
      /* a malformed name: the fallback */
    }
  }
  return fallback
}

/**
 * Downloads a document; an error answer (JSON: a bad week, no right to the ticket) is shown as
 * a message instead of being saved. Resolves to the file name saved, or null when refused.
 */
export async function downloadPdf(url: string, fallback: string): Promise<string | null> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': i18n.global.locale.value } })
  if (!res.ok) {
    let message = i18n.global.t('bulletin.failed', { status: res.status })
    try {
      const body = await res.json()
      message = body?.error?.message || message
    } catch {
      /* not JSON: keep the generic message */
    }
    ElMessage.error({ message, grouping: true })
    return null
  }
  const name = pdfNameOf(res.headers.get('Content-Disposition'), fallback)
  const href = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
  return name
}
