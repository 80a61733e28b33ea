import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getTicketMeta } from '@/api/ticket'
import type { Coded, TicketMeta } from '@/api/types'
import { i18n } from '@/locales'

const EMPTY: TicketMeta = { channels: [], categories: [], all_categories: [], priorities: [], states: [], actions: [] }

/** Label groups of the service desk: the locale's label for a code when it has one, else the server's. */
export type ServiceGroup = 'state' | 'category' | 'priority' | 'channel' | 'action' | 'level'

const GROUP_LIST: Record<Exclude<ServiceGroup, 'level'>, keyof TicketMeta> = {
  state: 'states',
  category: 'categories',
  priority: 'priorities',
  channel: 'channels',
  action: 'actions',
}

/** The locale's code order when the server's meta is not there (public pages, before it loads). */
const FALLBACK: Record<ServiceGroup, string[]> = {
  state: ['new', 'dispatched', 'accepted', 'in_progress', 'paused', 'returned', 'resolved', 'closed', 'closed_unresolved'],
  category: ['land', 'housing', 'staffing', 'schooling', 'approval', 'finance', 'other'],
  priority: ['urgent', 'high', 'normal'],
  channel: ['hotline', 'enterprise', 'visit', 'meeting', 'project', 'phone', 'wechat'],
  action: [],
  level: ['reminder', 'supervision', 'public_notice'],
}

/** `/tickets/meta` (states, categories, priorities, channels, actions), loaded once per session. */
export const useServiceStore = defineStore('service', () => {
  const meta = ref<TicketMeta>(EMPTY)
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  function loadMeta(force = false): Promise<void> {
    if (!loading || force)
      loading = getTicketMeta()
        .then((m) => {
          meta.value = { ...EMPTY, ...m }
          loaded.value = true
        })
        .catch(() => void (loading = null))
    return loading
  }

  function list(group: ServiceGroup): Coded[] {
    if (group === 'level') return []
    return meta.value[GROUP_LIST[group]] as Coded[]
  }

  /**
   * `fallback`: a label the server sent with the record (state_label …), used before the meta's.
   * Categories are the zone's own data (renamed, added): their label is always the server's.
   */
  function label(group: ServiceGroup, code: string | null | undefined, fallback?: string | null): string {
    if (!code) return '-'
    if (group === 'category') {
      return fallback || meta.value.all_categories.find((c) => c.code === code)?.label || list(group).find((c) => c.code === code)?.label || code
    }
    const key = `service.labels.${group}.${code}`
    if (i18n.global.te(key)) return i18n.global.t(key)
    return fallback || list(group).find((c) => c.code === code)?.label || code
  }

  function codes(group: ServiceGroup): string[] {
    const l = list(group)
    return l.length ? l.map((c) => c.code) : FALLBACK[group]
  }

  function options(group: ServiceGroup): { value: string; label: string }[] {
    return codes(group).map((c) => ({ value: c, label: label(group, c) }))
  }

  /** Categories for a list filter: every one, inactive ones marked (old tickets still carry them). */
  function categoryFilterOptions(): { value: string; label: string }[] {
    const all = meta.value.all_categories
    if (!all.length) return options('category')
    return all.map((c) => ({ value: c.code, label: c.active ? c.label : i18n.global.t('rules.categories.inactiveMark', { label: c.label }) }))
  }

  /** The hotline form's categories (no login: the public list), when the meta is not there. */
  function setPublicCategories(items: Coded[]): void {
    if (!loaded.value) meta.value = { ...meta.value, categories: items }
  }

  function reset(): void {
    meta.value = EMPTY
    loaded.value = false
    loading = null
  }

  return { meta, loaded, loadMeta, label, codes, options, categoryFilterOptions, setPublicCategories, reset }
})
