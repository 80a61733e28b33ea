// Shapes of the ZoneOps HTTP API v1 (docs/api.md). Money values are numbers of 元. Aliases of
// the types generated from the server's OpenAPI document (`npm run api:types`); what is written
// here by hand says why the server cannot describe it.
import type { components, operations } from './generated/schema'

type Schemas = components['schemas']

/** `{items, total}` and a page's `page`/`page_size`: generic, so the document writes each inline. */
export interface Page<T> {
  items: T[]
  total: number
  page?: number
  page_size?: number
}

export type ApiErrorBody = Schemas['ErrorDetail']

export type Scope = Schemas['Reach']

export type Me = Schemas['Me']

/** Something an administrator must do (next year's working calendar …), from `/me`. */
export type SystemWarning = Schemas['SystemWarning']

export type DemoAccounts = Schemas['DemoAccounts']

export type Park = Schemas['Park']

export type ChainGroup = Schemas['Chain']['group']

export type Chain = Schemas['Chain']

export type Department = Schemas['Department']

/** By hand: the server keeps an industry's level as text from the GB/T 4754 table, not a vocabulary. */
export type IndustryLevel = 'section' | 'division' | 'group' | 'class'

export type Industry = Schemas['IndustryRow']

export type Metric = Schemas['MetricView']

export type TierThresholds = Schemas['TierThresholds']

/** A tier, or null where a page has none to show (the server always sends one, `none` below 亿元). */
export type Tier = Schemas['Tier'] | null

export type Entrepreneur = Schemas['PersonView']

export type Enterprise = Schemas['EnterpriseView']

export type EnterpriseInput = Schemas['EnterpriseInput']

export type EnterpriseQuery = NonNullable<operations['enterprise_list']['parameters']['query']>

export type IndicatorValue = Schemas['IndicatorItem']

/** One year of an enterprise's figures as the server's yearly summary holds them. */
export type YearFigures = Schemas['YearFigures']

export type TierYear = Schemas['TierYear']

export type TierEvent = Schemas['TierEvent']

export type AuditEntry = Schemas['AuditView']

export type Goal = Schemas['GoalView']

export type GoalInput = Schemas['GoalInput']

export type Figure = Schemas['Figure']

export type Cockpit = Schemas['Cockpit']

// The cockpit's types are being reworked with its page (web/src/api/cockpit.ts owns them next).
export interface CockpitCharts {
  year: number
  subject: Cockpit['subject']
  by_chain: { chain: string; sales: number; output: number }[]
  by_park: { id?: number | null; park: string; sales: number; output: number; yi_plus: number }[]
  monthly: { period: number; sales: number; output: number }[]
  tiers_by_year: { year: number; yi_plus: number; shiyi_plus: number; baiyi_plus: number }[]
  goals: Goal[]
}

export type User = Schemas['UserView']

export type UserInput = Schemas['UserInput']

export type Role = Schemas['RoleView']

export type Permission = Schemas['PermissionView']

export * from './investTypes'
export * from './ticketTypes'
export * from './meetingTypes'
