import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getInvestMeta, listPeople } from '@/api/invest'
import type { Coded, InvestMeta } from '@/api/types'
import { i18n } from '@/locales'
import { useUserStore } from './user'

export interface Person {
  id: number
  name: string
}

const EMPTY: InvestMeta = {
  lead_stages: [],
  lead_moves: [],
  lead_kinds: [],
  lead_sources: [],
  activity_kinds: [],
  project_categories: [],
  project_stages: [],
  bands: [],
  warn_days: 7,
  ranking_rule: '',
}

/** Label groups: the locale's label for a code when it has one, else the server's (Chinese) one. */
export type LabelGroup = 'leadStage' | 'leadKind' | 'leadSource' | 'activityKind' | 'category' | 'projectStage' | 'band'

const GROUP_LIST: Record<LabelGroup, keyof InvestMeta> = {
  leadStage: 'lead_stages',
  leadKind: 'lead_kinds',
  leadSource: 'lead_sources',
  activityKind: 'activity_kinds',
  category: 'project_categories',
  projectStage: 'project_stages',
  band: 'bands',
}

/**
 * `/invest/meta` (stages, kinds, categories, the stage template, settings), loaded once per
 * session, and the people who may own leads and projects (`/invest/people`, plus any owner a
 * page has shown).
 */
export const useInvestStore = defineStore('invest', () => {
  const meta = ref<InvestMeta>(EMPTY)
  const loaded = ref(false)
  const known = ref<Map<number, string>>(new Map())
  let loading: Promise<void> | null = null
  let peopleLoading: Promise<void> | null = null

  function loadMeta(force = false): Promise<void> {
    if (!loading || force)
      loading = getInvestMeta()
        .then((m) => {
          meta.value = { ...EMPTY, ...m }
          loaded.value = true
        })
        .catch(() => void (loading = null))
    return loading
  }

  function label(group: LabelGroup, code: string | null | undefined): string {
    if (!code) return '-'
    // a locale key segment may not start with a digit (`100yi` → `_100yi`)
    const key = `invest.labels.${group}.${/^\d/.test(code) ? `_${code}` : code}`
    if (i18n.global.te(key)) return i18n.global.t(key)
    const list = meta.value[GROUP_LIST[group]] as Coded[]
    return list.find((c) => c.code === code)?.label ?? code
  }

  function options(group: LabelGroup): { value: string; label: string }[] {
    const list = meta.value[GROUP_LIST[group]] as Coded[]
    return list.map((c) => ({ value: c.code, label: label(group, c.code) }))
  }

  const stageCodes = computed(() => meta.value.lead_stages.map((s) => s.code))
  const projectStageCodes = computed(() => meta.value.project_stages.map((s) => s.code))

  function notePeople(list: { id: number | null | undefined; name: string | null | undefined }[]): void {
    let changed = false
    const next = new Map(known.value)
    for (const p of list) {
      if (p.id && p.name && next.get(p.id) !== p.name) {
        next.set(p.id, p.name)
        changed = true
      }
    }
    if (changed) known.value = next
  }

  /** People who may own leads and projects (silently: a user without the right gets none). */
  function loadPeople(): Promise<void> {
    const user = useUserStore()
    if (user.me) notePeople([{ id: user.me.id, name: user.displayName }])
    if (!peopleLoading && user.hasPerm(['lead:read', 'project:read'])) {
      peopleLoading = listPeople()
        .then((r) => notePeople(r.items.map((p) => ({ id: p.id, name: p.display_name }))))
        .catch(() => void (peopleLoading = null))
    }
    return peopleLoading ?? Promise.resolve()
  }

  const people = computed<Person[]>(() =>
    [...known.value.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  )

  function reset(): void {
    meta.value = EMPTY
    loaded.value = false
    known.value = new Map()
    loading = null
    peopleLoading = null
  }

  return { meta, loaded, loadMeta, label, options, stageCodes, projectStageCodes, people, notePeople, loadPeople, reset }
})
