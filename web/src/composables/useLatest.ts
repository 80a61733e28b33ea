import { ref } from 'vue'

export type LoadState = 'idle' | 'loading' | 'ready'

export interface LatestHandlers<T> {
  /** the newest run's answer */
  ok?: (value: T) => void
  /** the newest run's failure (the http layer has already shown it) */
  failed?: (error: unknown) => void
}

/**
 * "The latest request wins": a search typed fast, a filter changed twice, a month flipped
 * while the last one loads. An answer that arrives after a newer run began is dropped, and
 * `loading`/`state` follow only the newest run, so a slow stale answer never overwrites a fresh
 * one nor ends the spinner early. `state` (idle → loading → ready) is what browser tests wait on.
 */
export function useLatest() {
  let seq = 0
  const loading = ref(false)
  const state = ref<LoadState>('idle')

  /** Starts a run by hand (for work in several steps); the answer tells whether it is still the newest. */
  function next(): () => boolean {
    const mine = ++seq
    return () => mine === seq
  }

  /** Drops the answers on their way: what they would bring is known to be out of date. */
  function drop(): void {
    seq++
    if (loading.value) {
      loading.value = false
      state.value = 'ready'
    }
  }

  /** Runs `task`; its answer reaches `on` only while no later run has started. Never rejects. */
  async function run<T>(task: () => Promise<T>, on: LatestHandlers<T> = {}): Promise<void> {
    const current = next()
    loading.value = true
    state.value = 'loading'
    try {
      const value = await task()
      if (current()) on.ok?.(value)
    } catch (e) {
      if (current()) on.failed?.(e)
    } finally {
      if (current()) {
        loading.value = false
        state.value = 'ready'
      }
    }
  }

  return { run, next, drop, loading, state }
}
