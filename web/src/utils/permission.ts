import type { RouteRecordRaw } from 'vue-router'

export interface MenuItem {
  path: string
  title: string
  icon?: string
  children?: MenuItem[]
}

export function allowed(perm: string | string[] | undefined, permissions: ReadonlySet<string> | string[]): boolean {
  if (!perm || (Array.isArray(perm) && perm.length === 0)) return true
  const have = permissions instanceof Set ? permissions : new Set(permissions)
  return (Array.isArray(perm) ? perm : [perm]).some((p) => have.has(p))
}

function join(base: string, path: string): string {
  if (path.startsWith('/')) return path
  return `${base.replace(/\/$/, '')}/${path}`
}

/**
 * The sidebar menu: pages the user may open, in route order. A group shows only when one of
 * its pages does; hidden pages (details, errors) never show.
 */
export function buildMenu(routes: RouteRecordRaw[], permissions: ReadonlySet<string> | string[], base = '/'): MenuItem[] {
  const items: MenuItem[] = []
  for (const route of routes) {
    const meta = route.meta ?? {}
    if (meta.hidden || !meta.title) continue
    if (!allowed(meta.perm as string | string[] | undefined, permissions)) continue
    const path = join(base, route.path)
    if (route.children && route.children.length > 0) {
      const children = buildMenu(route.children, permissions, path)
      if (children.length === 0) continue
      items.push({ path, title: meta.title, icon: meta.icon, children })
    } else {
      items.push({ path, title: meta.title, icon: meta.icon })
    }
  }
  return items
}

/** The first page a user may open, for the landing after login. */
export function homePath(permissions: ReadonlySet<string> | string[]): string {
  if (allowed('cockpit:read', permissions)) return '/cockpit'
  if (allowed('enterprise:read', permissions)) return '/enterprises'
  if (allowed('goal:read', permissions)) return '/goals'
  if (allowed('lead:read', permissions)) return '/leads'
  if (allowed('project:read', permissions)) return '/projects'
  if (allowed(['ticket:read', 'ticket:write'], permissions)) return '/tickets/queue'
  if (allowed('visit:read', permissions)) return '/visits'
  // 三员: the audit and security administrators land on their own pages
  if (allowed('audit:read', permissions)) return '/system/audit'
  if (allowed(['user:admin', 'security:admin'], permissions)) return '/system/users'
  return '/403'
}

/** API list paths that have a console page with the same filters in its URL. */
const DRILL_PAGES: Record<string, string> = {
  '/enterprises': '/enterprises',
  '/projects': '/projects',
  '/activities': '/activities',
  '/leads': '/leads',
  '/tickets': '/tickets',
  '/visits': '/visits',
  '/visits/coverage': '/visits/coverage',
}

/**
 * Turns an API drill path (`/api/v1/enterprises?year=2021&tier=yi`, `/api/v1/projects?signed_from=…`,
 * `/api/v1/activities?kind=trip&from=…`, `/api/v1/tickets?open=true`, `/api/v1/visits/coverage?year=…&quarter=…`) into the console route listing the same records, if
 * there is one. Every parameter is kept, so the list's total is the figure's.
 */
export function drillRoute(drill: string | null | undefined): { path: string; query: Record<string, string> } | null {
  if (!drill) return null
  const url = new URL(drill, 'http://x')
  const path = url.pathname.replace(/^\/api\/v1/, '')
  const query: Record<string, string> = {}
  url.searchParams.forEach((v, k) => {
    query[k] = v
  })
  const page = DRILL_PAGES[path.replace(/\/$/, '')]
  return page ? { path: page, query } : null
}
