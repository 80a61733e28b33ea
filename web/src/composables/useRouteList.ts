import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { Page } from '@/api/types'
import { useLatest } from './useLatest'

export function qStr(v: LocationQuery[string] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s === null || s === undefined || s === '' ? undefined : String(s)
}

export function qNum(v: LocationQuery[string] | undefined): number | undefined {
  const s = qStr(v)
  const n = s === undefined ? NaN : Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** A route query as plain strings (first value of repeated keys, empty ones dropped). */
export function plainQuery(q: LocationQuery): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(q)) {
    const s = qStr(v)
    if (s !== undefined) out[k] = s
  }
  return out
}

export type Filters = Record<string, string | number | boolean | undefined>

export interface RouteListOptions<F extends Filters, T> {
  /** the route's name: the list reloads only while it is the current page */
  routeName: string
  empty: () => F
  /** the filters named in the URL (strings) → the form's values */
  parse: (q: Record<string, string>) => F
  fetch: (query: Record<string, string | number | undefined>) => Promise<Page<T>>
  pageSize?: number
  /** URL keys the page uses for itself (a view switch …): neither filters nor extra */
  own?: string[]
  /** false: URL keys the page does not know are dropped instead of kept as `extra` */
  keepUnknown?: boolean
  /** when false the list is not fetched (another view of the page is shown) */
  active?: () => boolean
  /** called when a search leaves the URL as it was (the other view reloads itself) */
  refresh?: () => void
}

const PAGING = ['page', 'page_size', 'sort', 'order']

/**
 * A server-paged list whose filters, page and sort live in the URL, so that a link (a cockpit
 * drill, a bookmark) opens the same list. Parameters the page does not know are kept as `extra`
 * and sent to the API as they are, so a drill's total is the list's total.
 */
export function useRouteList<F extends Filters, T>(opts: RouteListOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()
  const defaultSize = opts.pageSize ?? 20
  const filters = ref(opts.empty()) as Ref<F>
  const paging = reactive({ page: 1, page_size: defaultSize, sort: '', order: '' as '' | 'asc' | 'desc' })
  const extra = ref<Record<string, string>>({})
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const known = () => new Set([...Object.keys(opts.empty()), ...PAGING, ...(opts.own ?? [])])

  function fromRoute(q: LocationQuery) {
    const plain = plainQuery(q)
    filters.value = { ...opts.empty(), ...opts.parse(plain) }
    paging.page = qNum(q.page) ?? 1
    paging.page_size = qNum(q.page_size) ?? defaultSize
    paging.sort = qStr(q.sort) ?? ''
    const order = qStr(q.order)
    paging.order = order === 'asc' || order === 'desc' ? order : ''
    const k = known()
    extra.value = opts.keepUnknown === false ? {} : Object.fromEntries(Object.entries(plain).filter(([key]) => !k.has(key)))
  }

  function apiQuery(): Record<string, string | number | undefined> {
    const out: Record<string, string | number | undefined> = { ...extra.value }
    for (const [k, v] of Object.entries(filters.value)) {
      if (v === undefined || v === '' || v === false) continue
      out[k] = typeof v === 'string' ? v.trim() || undefined : typeof v === 'boolean' ? 'true' : v
    }
    out.page = paging.page
    out.page_size = paging.page_size
    if (paging.sort) {
      out.sort = paging.sort
      out.order = paging.order || 'asc'
    }
    return out
  }

  function routeQuery(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const k of opts.own ?? []) {
      const v = qStr(route.query[k])
      if (v !== undefined) out[k] = v
    }
    for (const [k, v] of Object.entries(apiQuery())) {
      if (v === undefined || v === '') continue
      if (k === 'page' && v === 1) continue
      if (k === 'page_size' && v === defaultSize) continue
      out[k] = String(v)
    }
    return out
  }

  const latest = useLatest()
  const loading = latest.loading
  /** idle → loading → ready: lets browser tests wait for the list the URL asks for */
  const state = latest.state
  async function load() {
    if (opts.active && !opts.active()) return
    await latest.run(() => opts.fetch(apiQuery()), {
      ok: (res) => {
        rows.value = res.items
        total.value = res.total
      },
      failed: () => {
        rows.value = []
        total.value = 0
      },
    })
  }

  /** Puts the form's state in the URL (the watcher then loads), or reloads when it is already there. */
  function navigate() {
    const next = routeQuery()
    if (JSON.stringify(next) === JSON.stringify(plainQuery(route.query))) {
      void load()
      opts.refresh?.()
    } else void router.push({ path: route.path, query: next })
  }

  function search() {
    paging.page = 1
    navigate()
  }
  function reset() {
    filters.value = opts.empty()
    extra.value = {}
    paging.page = 1
    paging.sort = ''
    paging.order = ''
    navigate()
  }
  function sort(field: string, order: '' | 'asc' | 'desc') {
    paging.sort = order ? field : ''
    paging.order = order
    paging.page = 1
    navigate()
  }
  function dropExtra(key: string) {
    const next = { ...extra.value }
    delete next[key]
    extra.value = next
    search()
  }

  watch(
    () => route.query,
    (q) => {
      if (route.name !== opts.routeName) return
      fromRoute(q)
      void load()
    },
  )

  /** Call once from onMounted. */
  function start() {
    fromRoute(route.query)
    void load()
  }

  return { filters, paging, extra, rows, total, loading, state, load, navigate, search, reset, sort, dropExtra, start, apiQuery }
}

/** el-table's sort-change event → the list's sort. */
export function tableSort(e: { prop: string | null; order: string | null }): [string, '' | 'asc' | 'desc'] {
  return [e.prop ?? '', e.order === 'ascending' ? 'asc' : e.order === 'descending' ? 'desc' : '']
}

/** The list's sort → el-table's default-sort. */
export function defaultSort(sort: string, order: '' | 'asc' | 'desc') {
  return sort ? { prop: sort, order: order === 'desc' ? ('descending' as const) : ('ascending' as const) } : undefined
}

/** Two filters (from, to) as the one value a date-range picker edits. */
export function rangeOf<F extends Filters>(filters: Ref<F>, from: keyof F & string, to: keyof F & string) {
  return computed<[string, string] | null>({
    get: (): [string, string] | null => {
      const f: unknown = filters.value[from]
      const t: unknown = filters.value[to]
      return typeof f === 'string' && f && typeof t === 'string' && t ? [f, t] : null
    },
    set: (v: [string, string] | null) => {
      Object.assign(filters.value, { [from]: v?.[0], [to]: v?.[1] })
    },
  })
}
