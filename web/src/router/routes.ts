import type { RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/index.vue'
import { prefetchCockpit } from '@/api/cockpit'
import { cockpitQueryFrom } from '@/utils/format'

declare module 'vue-router' {
  interface RouteMeta {
    /** locale key of the page title (menu, breadcrumb, tag) */
    title?: string
    /** icon name from @element-plus/icons-vue (see layout/icons.ts) */
    icon?: string
    /** the page needs one of these permissions */
    perm?: string | string[]
    /** not in the menu */
    hidden?: boolean | 'always'
    /** only for these kinds of data scope (Reach.kind): a workbench of one role */
    scopes?: string[]
    /** no login needed */
    public?: boolean
    /** only on a server started with --demo (`Me.demo`) */
    demo?: boolean
    /** the menu entry to highlight for a hidden page */
    activeMenu?: string
    affix?: boolean
  }
}

/** Pages inside the console layout; the menu is built from these. */
export const layoutChildren: RouteRecordRaw[] = [
  {
    // 企业服务门户: an enterprise user's own profile, 诉求, projects and notices
    path: 'portal',
    name: 'Portal',
    component: () => import('@/views/portal/index.vue'),
    meta: { title: 'menu.portal', icon: 'House', perm: 'enterprise:read', scopes: ['enterprise'] },
  },
  {
    // 我的挂钩企业: a cadre's linked enterprises, the longest unvisited first
    path: 'my/enterprises',
    name: 'MyEnterprises',
    component: () => import('@/views/workbench/linked.vue'),
    meta: { title: 'menu.myEnterprises', icon: 'Star', perm: 'visit:write', scopes: ['own'] },
  },
  {
    path: 'cockpit',
    name: 'Cockpit',
    component: () => import('@/views/cockpit/index.vue'),
    meta: { title: 'menu.cockpit', icon: 'DataBoard', perm: 'cockpit:read' },
    // runs after the permission check: the figures load while the page's code does
    beforeEnter: (to) => {
      prefetchCockpit(cockpitQueryFrom(to.query))
    },
  },
  {
    path: 'enterprises',
    name: 'Enterprises',
    component: () => import('@/views/enterprise/index.vue'),
    meta: { title: 'menu.enterprises', icon: 'OfficeBuilding', perm: 'enterprise:read' },
  },
  {
    path: 'enterprises/:id(\\d+)',
    name: 'EnterpriseDetail',
    component: () => import('@/views/enterprise/detail.vue'),
    meta: { title: 'menu.enterpriseDetail', perm: 'enterprise:read', hidden: true, activeMenu: '/enterprises' },
  },
  {
    // 月度填报: a park's grid of one metric and month (decision 0039); an enterprise account lands on its own month
    path: 'indicator-grid',
    name: 'IndicatorGrid',
    component: () => import('@/views/enterprise/grid/park.vue'),
    meta: { title: 'menu.indicatorGrid', icon: 'Memo', perm: 'indicator:write' },
  },
  {
    path: 'enterprises/:id(\\d+)/indicator-grid',
    name: 'EnterpriseMonthGrid',
    component: () => import('@/views/enterprise/grid/month.vue'),
    meta: { title: 'menu.monthGrid', perm: 'enterprise:read', hidden: true, activeMenu: '/indicator-grid' },
  },
  {
    // 数据导入: template, upload, preview by row and column, all-or-nothing commit (decision 0040)
    path: 'imports',
    name: 'Imports',
    component: () => import('@/views/import/index.vue'),
    meta: { title: 'menu.imports', icon: 'Upload', perm: ['enterprise:write', 'indicator:write'] },
  },
  {
    path: 'goals',
    name: 'Goals',
    component: () => import('@/views/goal/index.vue'),
    meta: { title: 'menu.goals', icon: 'Aim', perm: 'goal:read' },
  },
  {
    // 招商与项目: the children keep short top-level URLs (/leads, /projects …) that cockpit drills name
    path: 'invest',
    name: 'Invest',
    redirect: '/leads',
    meta: { title: 'menu.invest', icon: 'Promotion' },
    children: [
      {
        path: '/leads',
        name: 'Leads',
        component: () => import('@/views/invest/lead/index.vue'),
        meta: { title: 'menu.leads', icon: 'Guide', perm: 'lead:read' },
      },
      {
        path: '/activities',
        name: 'Activities',
        component: () => import('@/views/invest/activity/index.vue'),
        meta: { title: 'menu.activities', icon: 'Calendar', perm: 'lead:read' },
      },
      {
        path: '/targets',
        name: 'Targets',
        component: () => import('@/views/invest/target/index.vue'),
        meta: { title: 'menu.targets', icon: 'Flag', perm: 'lead:read' },
      },
      {
        path: '/weekly-plans',
        name: 'WeeklyPlans',
        component: () => import('@/views/invest/weekly/index.vue'),
        meta: { title: 'menu.weeklyPlans', icon: 'Notebook', perm: 'lead:read' },
      },
      {
        path: '/leaderboard',
        name: 'Leaderboard',
        component: () => import('@/views/invest/leaderboard/index.vue'),
        meta: { title: 'menu.leaderboard', icon: 'Trophy', perm: 'lead:read' },
      },
      {
        path: '/projects',
        name: 'Projects',
        component: () => import('@/views/project/index.vue'),
        meta: { title: 'menu.projects', icon: 'Histogram', perm: 'project:read' },
      },
      {
        path: '/projects/:id(\\d+)',
        name: 'ProjectDetail',
        component: () => import('@/views/project/detail.vue'),
        meta: { title: 'menu.projectDetail', perm: 'project:read', hidden: true, activeMenu: '/projects' },
      },
    ],
  },
  {
    // 企业服务: the service desk (马上就办) and visits; short top-level URLs that cockpit drills name
    path: 'service',
    name: 'Service',
    redirect: '/tickets/queue',
    meta: { title: 'menu.service', icon: 'Service' },
    children: [
      {
        path: '/tickets/queue',
        name: 'TicketQueue',
        component: () => import('@/views/service/queue/index.vue'),
        meta: { title: 'menu.ticketQueue', icon: 'Bell', perm: ['ticket:read', 'ticket:write'] },
      },
      {
        path: '/tickets',
        name: 'Tickets',
        component: () => import('@/views/service/ticket/index.vue'),
        meta: { title: 'menu.tickets', icon: 'Tickets', perm: 'ticket:read' },
      },
      {
        path: '/tickets/:id(\\d+)',
        name: 'TicketDetail',
        component: () => import('@/views/service/ticket/detail.vue'),
        meta: { title: 'menu.ticketDetail', perm: ['ticket:read', 'ticket:write'], hidden: true, activeMenu: '/tickets' },
      },
      {
        path: '/visits',
        name: 'Visits',
        component: () => import('@/views/service/visit/index.vue'),
        meta: { title: 'menu.visits', icon: 'Van', perm: 'visit:read' },
      },
      {
        path: '/visits/coverage',
        name: 'VisitCoverage',
        component: () => import('@/views/service/visit/coverage.vue'),
        meta: { title: 'menu.visitCoverage', icon: 'PieChart', perm: 'visit:read' },
      },
      {
        path: '/service/rules',
        name: 'ServiceRules',
        component: () => import('@/views/service/rules/index.vue'),
        meta: { title: 'menu.serviceRules', icon: 'Operation', perm: ['ticket:read', 'ticket:dispatch'] },
      },
      {
        path: '/service/robots',
        name: 'ServiceRobots',
        component: () => import('@/views/service/robot/index.vue'),
        meta: { title: 'menu.robots', icon: 'ChatDotRound', perm: 'ticket:dispatch' },
      },
      {
        // 机器人消息（演示）: what the demo robot posted to this server (serve --demo only)
        path: '/service/robot-inbox',
        name: 'RobotInbox',
        component: () => import('@/views/service/robot/inbox.vue'),
        meta: { title: 'menu.robotInbox', icon: 'ChatDotRound', perm: 'ticket:dispatch', demo: true },
      },
    ],
  },
  {
    // 会议: weekly scheduling, collective problem-solving, project report and year-end meetings
    path: 'meetings',
    name: 'Meetings',
    component: () => import('@/views/meeting/index.vue'),
    meta: { title: 'menu.meetings', icon: 'Memo', perm: 'meeting:read' },
  },
  {
    path: 'meetings/:id(\\d+)',
    name: 'MeetingDetail',
    component: () => import('@/views/meeting/detail.vue'),
    meta: { title: 'menu.meetingDetail', perm: 'meeting:read', hidden: true, activeMenu: '/meetings' },
  },
  {
    path: 'system',
    name: 'System',
    redirect: '/system/users',
    meta: { title: 'menu.system', icon: 'Setting' },
    children: [
      {
        path: 'users',
        name: 'SystemUsers',
        component: () => import('@/views/system/user/index.vue'),
        // the security administrator works here too (unlock, second factor, sessions)
        meta: { title: 'menu.users', icon: 'User', perm: ['user:admin', 'security:admin'] },
      },
      {
        path: 'linkages',
        name: 'SystemLinkages',
        component: () => import('@/views/system/linkage/index.vue'),
        meta: { title: 'menu.linkages', icon: 'Link', perm: 'user:admin' },
      },
      {
        path: 'roles',
        name: 'SystemRoles',
        component: () => import('@/views/system/role/index.vue'),
        meta: { title: 'menu.roles', icon: 'Key', perm: 'role:admin' },
      },
      {
        path: 'parks',
        name: 'SystemParks',
        component: () => import('@/views/system/park/index.vue'),
        meta: { title: 'menu.parks', icon: 'MapLocation', perm: 'park:write' },
      },
      {
        path: 'chains',
        name: 'SystemChains',
        component: () => import('@/views/system/chain/index.vue'),
        meta: { title: 'menu.chains', icon: 'Connection', perm: 'chain:write' },
      },
      {
        path: 'dictionaries',
        name: 'SystemDictionaries',
        component: () => import('@/views/system/dict/index.vue'),
        meta: { title: 'menu.dictionaries', icon: 'Collection', perm: 'dictionary:write' },
      },
      {
        path: 'audit',
        name: 'SystemAudit',
        component: () => import('@/views/system/audit/index.vue'),
        meta: { title: 'menu.audit', icon: 'Document', perm: 'audit:read' },
      },
    ],
  },
  {
    // 个人中心: the second factor and the signed-in sessions, for everyone
    path: 'profile',
    name: 'Profile',
    component: () => import('@/views/profile/index.vue'),
    meta: { title: 'menu.profile', hidden: true },
  },
  {
    path: '403',
    name: 'Forbidden',
    component: () => import('@/views/error/403.vue'),
    meta: { title: 'menu.forbidden', hidden: 'always' },
  },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: 'menu.login', public: true },
  },
  {
    // Second-factor enrolment: opened by a login that must enrol first (no full session yet)
    // and from 个人中心
    path: '/enrol',
    name: 'Enrol',
    component: () => import('@/views/enrol/index.vue'),
    meta: { title: 'menu.enrol', public: true },
  },
  {
    // 办不成事热线 and its tracking page: for anyone, no login
    path: '/hotline',
    name: 'Hotline',
    component: () => import('@/views/public/hotline.vue'),
    meta: { title: 'menu.hotline', public: true },
  },
  {
    path: '/track',
    name: 'Track',
    component: () => import('@/views/public/track.vue'),
    meta: { title: 'menu.track', public: true },
  },
  {
    // 大屏: the cockpit on a wall display, outside the console's layout (no menu, no filters)
    path: '/cockpit/screen',
    name: 'CockpitScreen',
    component: () => import('@/views/cockpit/screen.vue'),
    meta: { title: 'cockpit.screen', perm: 'cockpit:read' },
  },
  {
    path: '/',
    name: 'Root',
    component: Layout,
    children: layoutChildren,
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'NotFound',
    component: () => import('@/views/error/404.vue'),
    meta: { title: 'menu.notFound', public: true },
  },
]
