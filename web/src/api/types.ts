// Shapes of the ZoneOps HTTP API v1 (docs/api.md). Money values are numbers of 元. Aliases of
// the types generated from the server's OpenAPI document (`npm run api:types`) where the shapes
// match; the rest narrow strings to the codes the console knows.
import type { components } from './generated/schema'

type Schemas = components['schemas']

export interface Page<T> {
  items: T[]
  total: number
  page?: number
  page_size?: number
}

export interface ApiErrorBody {
  code: string
  message: string
  field?: string | null
  params?: Record<string, unknown> | null
}

export type Scope =
  | { kind: 'zone' }
  | { kind: 'parks'; parks: number[] }
  | { kind: 'department'; department: number }
  | { kind: 'own' }
  | { kind: 'enterprise'; enterprise: number }

export type Me = Schemas['Me']

export interface DemoAccounts {
  demo: boolean
  accounts: { username: string; role: string; description: string }[]
  password?: string
}

export interface Park {
  id: number
  code: string
  name: string
  demo?: boolean
}

export type ChainGroup = 'leading' | 'emerging' | 'other'

export interface Chain {
  id: number
  code: string
  name: string
  group: ChainGroup
  sort: number
  demo?: boolean
}

export interface Department {
  id: number
  code: string
  name: string
}

export type IndustryLevel = 'section' | 'division' | 'group' | 'class'

export interface Industry {
  code: string
  name: string
  level: IndustryLevel
  parent: string | null
}

export interface Metric {
  code: string
  label: string
  unit: string
  money: boolean
  decimals: number
}

export interface TierThresholds {
  yi: number
  shiyi: number
  baiyi: number
}

export type Tier = 'none' | 'yi' | 'shiyi' | 'baiyi' | null

export type Entrepreneur = Schemas['PersonView']

export interface Enterprise {
  id: number
  credit_code: string
  credit_code_warning: boolean
  name: string
  park_id: number
  park_name: string
  chain_id: number | null
  chain_name: string | null
  industry_code: string
  industry_name: string | null
  above_size: boolean
  land_mu: number | null
  established_on: string | null
  address: string | null
  year: number
  sales: number | null
  output: number | null
  tier: Tier
  double_baiyi: boolean
  updated_at: string
  entrepreneurs?: Entrepreneur[]
}

export interface EnterpriseInput {
  credit_code: string
  name: string
  park_id: number | null
  chain_id?: number | null
  industry_code: string
  above_size?: boolean
  land_mu?: number | null
  established_on?: string | null
  address?: string | null
  entrepreneurs?: Entrepreneur[]
  confirm_check_character?: boolean
}

export interface EnterpriseQuery {
  page?: number
  page_size?: number
  sort?: string
  order?: 'asc' | 'desc'
  q?: string
  park?: number | string
  chain?: number | string
  industry?: string
  tier?: string
  year?: number | string
  above_size?: boolean | string
}

export interface IndicatorValue {
  metric: string
  period: number
  value: number
}

/** One year of an enterprise's figures as the server's yearly summary holds them. */
export type YearFigures = Schemas['YearFigures']

export type TierYear = Schemas['TierYear']

export type TierEvent = Schemas['TierEvent']

export type AuditEntry = Schemas['AuditView']

export type Goal = Schemas['GoalView']

export type GoalInput = Schemas['GoalInput']

export type Figure = Schemas['Figure']

export type Cockpit = Schemas['Cockpit']

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

export interface UserInput {
  username?: string
  display_name: string
  password?: string
  roles: string[]
  scope: Scope
  disabled?: boolean
}

export type Role = Schemas['RoleView']

export interface Permission {
  code: string
  label: string
  /** English label, when the server has one */
  label_en?: string
}

export * from './investTypes'
export * from './ticketTypes'
export * from './meetingTypes'
