import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listChains, listDepartments, listParks } from '@/api/reference'
import type { Chain, Department, Park } from '@/api/types'

/** Parks, chains and departments: small lists many pages need, loaded once per session. */
export const useReferenceStore = defineStore('reference', () => {
  const parks = ref<Park[]>([])
  const chains = ref<Chain[]>([])
  const departments = ref<Department[]>([])
  let parksLoading: Promise<void> | null = null
  let chainsLoading: Promise<void> | null = null
  let deptsLoading: Promise<void> | null = null

  function loadParks(force = false): Promise<void> {
    if (!parksLoading || force)
      parksLoading = listParks()
        .then((r) => void (parks.value = r.items))
        .catch(() => void (parksLoading = null))
    return parksLoading
  }
  function loadChains(force = false): Promise<void> {
    if (!chainsLoading || force)
      chainsLoading = listChains()
        .then((r) => void (chains.value = [...r.items].sort((a, b) => a.sort - b.sort)))
        .catch(() => void (chainsLoading = null))
    return chainsLoading
  }
  function loadDepartments(force = false): Promise<void> {
    if (!deptsLoading || force)
      deptsLoading = listDepartments()
        .then((r) => void (departments.value = r.items))
        .catch(() => void (deptsLoading = null))
    return deptsLoading
  }
  function reset(): void {
    parks.value = []
    chains.value = []
    departments.value = []
    parksLoading = chainsLoading = deptsLoading = null
  }

  return { parks, chains, departments, loadParks, loadChains, loadDepartments, reset }
})
