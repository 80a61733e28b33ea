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

/** A page meant for some kinds of data scope only (the enterprise portal, a cadre's list). */
export function inScope(scopes: string[] | undefined, scopeKind: string | undefined): boolean {
  return !scopes || (scopeKind !== undefined && scopes.includes(scopeKind))
}

function join(base: string, path: string): string {
  if (path.startsWith('/')) return path
  return `${base.replace(/\/$/, '')}/${path}`
}

/**
 * The sidebar menu: pages the user may open, in route order. A group shows only when one of
 * its pages does; hidden pages (details, errors) never show.
 */
export function buildMenu(
  routes: RouteRecordRaw[],
  permissions: ReadonlySet<string> | string[],
  base = '/',
  scopeKind?: string,
  demo = false,
): MenuItem[] {
  const items: MenuItem[] = []
  for (const route of routes) {
    const meta = route.meta ?? {}
    if (meta.hidden || !meta.title) continue
    if (meta.demo && !demo) continue
    if (!allowed(meta.perm as string | string[] | undefined, permissions)) continue
    if (!inScope(meta.scopes, scopeKind)) continue
    const path = join(base, route.path)
    if (route.children && route.children.length > 0) {
      const children = buildMenu(route.children, permissions, path, scopeKind, demo)
      if (children.length === 0) continue
      items.push({ path, title: meta.title, icon: meta.icon, children })
    } else {
      items.push({ path, title: meta.title, icon: meta.icon })
    }
  }
  return items
}

/** Who lands where: the caller's permissions and the kind of their data scope. */
export interface Landing {
  permissions: ReadonlySet<string> | string[]
  scope?: { kind: string } | null
}

/**
 * The first page after login: each role's own workbench, not the leader's console. An
 * enterprise user lands on its portal, a department on its queue, a dispatcher who does not
 * hold the zone's goals (the service centre) on the dispatch queue, an own-scope promoter on
 * the pipeline and a cadre on the linked enterprises; the others on the first page they may
 * open, in menu order. The rule reads permissions and scope, so a zone's own roles land sensibly
 * too.
 */
export function homePath(who: Landing | ReadonlySet<string> | string[]): string {
  const { permissions, scope } = 'permissions' in who ? who : { permissions: who, scope: null }
  const has = (p: string | string[]) => allowed(p, permissions)
  const kind = scope?.kind
  const tickets = has(['ticket:read', 'ticket:write'])
  if (kind === 'enterprise' && has('enterprise:read')) return '/portal'
  if (kind === 'department' && tickets) return '/tickets/queue'
  if (has('ticket:dispatch') && !has('goal:read') && tickets) return '/tickets/queue'
  if (kind === 'own' && has('lead:write')) return '/leads'
  if (kind === 'own' && has('visit:write')) return '/my/enterprises'
  if (has('cockpit:read')) return '/cockpit'
  if (has('enterprise:read')) return '/enterprises'
  if (has('goal:read')) return '/goals'
  if (has('lead:read')) return '/leads'
  if (has('project:read')) return '/projects'
  if (tickets) return '/tickets/queue'
  if (has('visit:read')) return '/visits'
  // 三员: the audit and security administrators land on their own pages
  if (has('audit:read')) return '/system/audit'
  if (has(['user:admin', 'security:admin'])) return '/system/users'
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
