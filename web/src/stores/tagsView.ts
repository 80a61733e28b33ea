import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'

export interface TagView {
  path: string
  fullPath: string
  name: string
  /** locale key of the page's title */
  title: string
  /** a title that is data, not a locale key (an enterprise's name) */
  label?: string
  affix?: boolean
}

export const useTagsViewStore = defineStore('tagsView', () => {
  const visited = ref<TagView[]>([])

  function addView(route: RouteLocationNormalizedLoaded): void {
    if (!route.meta?.title || route.meta.hidden === 'always') return
    const existing = visited.value.find((v) => v.path === route.path)
    if (existing) {
      existing.fullPath = route.fullPath
      return
    }
    visited.value.push({
      path: route.path,
      fullPath: route.fullPath,
      name: String(route.name ?? ''),
      title: String(route.meta.title),
      affix: Boolean(route.meta.affix),
    })
  }

  function setLabel(path: string, label: string): void {
    const view = visited.value.find((v) => v.path === path)
    if (view) view.label = label
  }

  function delView(path: string): TagView[] {
    visited.value = visited.value.filter((v) => v.path !== path || v.affix)
    return visited.value
  }

  function delOthers(path: string): void {
    visited.value = visited.value.filter((v) => v.path === path || v.affix)
  }

  function delAll(): void {
    visited.value = visited.value.filter((v) => v.affix)
  }

  function reset(): void {
    visited.value = []
  }

  return { visited, addView, setLabel, delView, delOthers, delAll, reset }
})
