import { createRouter, createWebHistory, type Router } from 'vue-router'
import { routes } from './routes'
import { useUserStore } from '@/stores/user'
import { homePath, allowed, inScope } from '@/utils/permission'
import { i18n } from '@/locales'

export function setupGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const user = useUserStore()
    if (!user.loaded) await user.fetchMe()

    if (to.meta.public) {
      if (to.name === 'Login' && user.me && !to.query.expired) {
        const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : ''
        return redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : homePath({ permissions: user.permissions, scope: user.me?.scope })
      }
      return true
    }
    if (!user.me) {
      const query: Record<string, string> = to.fullPath === '/' ? {} : { redirect: to.fullPath }
      if (user.sessionExpired) query.expired = '1'
      return { path: '/login', query }
    }
    if (to.path === '/') return homePath({ permissions: user.permissions, scope: user.me?.scope })
    if (!allowed(to.meta.perm, user.permissions) || !inScope(to.meta.scopes, user.me?.scope.kind)) {
      return { name: 'Forbidden', query: { from: to.fullPath } }
    }
    return true
  })

  router.afterEach((to) => {
    const title = to.meta.title ? i18n.global.t(to.meta.title) : ''
    document.title = title ? `${title} - ZoneOps` : 'ZoneOps'
  })
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  setupGuards(router)
  return router
}

const router = createAppRouter()
export default router
