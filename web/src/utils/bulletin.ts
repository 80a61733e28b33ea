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
