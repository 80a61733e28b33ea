import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Widths up to this are phones: forms stack, labels go above their fields, the sidebar slides in. */
export const PHONE_MAX_WIDTH = 768

/** True while the window is phone-wide; follows rotation and resizing. */
export function useNarrow(max = PHONE_MAX_WIDTH): Ref<boolean> {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${max}px)`) : null
  const narrow = ref(query?.matches ?? false)
  if (query) {
    const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
    query.addEventListener('change', update)
    onBeforeUnmount(() => query.removeEventListener('change', update))
  }
  return narrow
}
