import type { App, Directive } from 'vue'
import { useUserStore } from '@/stores/user'

/**
 * `v-perm="'enterprise:write'"` (or an array: any of them) removes the element when the user
 * lacks the permission, like RuoYi's v-hasPermi. Hiding is a courtesy; the server enforces.
 */
export const vPerm: Directive<HTMLElement, string | string[]> = {
  mounted(el, binding) {
    const user = useUserStore()
    if (!user.hasPerm(binding.value)) {
      el.parentNode?.removeChild(el)
    }
  },
}

export function installDirectives(app: App): void {
  app.directive('perm', vPerm)
}
