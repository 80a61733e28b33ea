import { type Ref, ref } from 'vue'
import { type Dossier, getDossier } from '@/api/dossier'
import { useLatest } from '@/composables/useLatest'

/**
 * 一企一档 for the enterprise page: the 诉求, projects, visits, cadres and leads tabs come from one
 * request; a section the caller may not read is null and its tab is not shown. `state`
 * (idle → loading → ready) is what browser tests wait on.
 */
export function useDossier(id: Ref<number>) {
  const dossier = ref<Dossier | null>(null)
  const failed = ref(false)
  const run = useLatest()

  function load(): Promise<void> {
    return run.run(() => getDossier(id.value), {
      ok: (d) => {
        dossier.value = d
        failed.value = false
      },
      failed: () => (failed.value = true),
    })
  }

  return { dossier, failed, state: run.state, load }
}
