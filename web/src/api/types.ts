// Shapes of the ZoneOps HTTP API v1 (docs/api.md). Money values are numbers of 元.

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

export interface Me {
  id: number
  username: string
  display_name: string
  roles: string[]
  permissions: string[]
  scope: Scope
  zone: { id: number; code: string; name: string }
}

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

export interface Entrepreneur {
  name: string
  title?: string | null
  mobile?: string | null
  honors?: string[]
}

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
export interface YearFigures {
  year: number
  figures: Record<string, number>
}

export interface TierYear {
  year: number
  sales: number | null
  output: number | null
  tier: Tier
  double_baiyi: boolean
}

export interface TierEvent {
  enterprise_id: number
  name: string
  park_name: string
  year: number
  from: Tier
  to: Tier
  sales: number | null
  prev_sales: number | null
}

export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor: string | null
  action: string
  entity: string
  entity_id: number | string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  request_id?: string | null
  ip?: string | null
}

export interface Goal {
  id: number
  name: string
  tier: string
  target_count: number
  base_year: number
  deadline_year: number
  current_year: number
  current_count: number
  progress: number
  forecast_count: number
  on_track: boolean
  drill: string
}

export interface GoalInput {
  name: string
  tier: string
  target_count: number
  base_year: number
  deadline_year: number
}

export interface Figure {
  key: string
  label: string
  value: number
  unit: string
  drill?: string | null
}

export interface Cockpit {
  year: number
  figures: Figure[]
}

export interface CockpitCharts {
  by_chain: { chain: string; sales: number; output: number }[]
  by_park: { park: string; sales: number; output: number; yi_plus: number }[]
  monthly: { period: number; sales: number; output: number }[]
  tiers_by_year: { year: number; yi_plus: number; shiyi_plus: number; baiyi_plus: number }[]
  goals: Goal[]
}

export interface User {
  id: number
  username: string
  display_name: string
  roles: string[]
  scope: Scope
  disabled: boolean
  locked_until: string | null
  last_login_at: string | null
}

export interface UserInput {
  username?: string
  display_name: string
  password?: string
  roles: string[]
  scope: Scope
  disabled?: boolean
}

export interface Role {
  code: string
  name: string
  permissions: string[]
}

export interface Permission {
  code: string
  label: string
  /** English label, when the server has one */
  label_en?: string
}

// ---- Investment attraction and projects (招商与项目) -------------------------------------

/** A code with its Chinese label, as `/invest/meta` lists them. */
export interface Coded {
  code: string
  label: string
}

export type LeadStage = 'lead' | 'contact' | 'negotiation' | 'signed' | 'lost'

export interface LeadMove {
  from: string
  to: string
  reason_required: boolean
}

export interface ProjectStageTemplate extends Coded {
  after: string[]
  limit_days: number
}

export interface Band extends Coded {
  min: number
  max: number | null
}

export interface InvestMeta {
  lead_stages: Coded[]
  lead_moves: LeadMove[]
  lead_kinds: Coded[]
  lead_sources: Coded[]
  activity_kinds: Coded[]
  project_categories: Coded[]
  project_stages: ProjectStageTemplate[]
  bands: Band[]
  warn_days: number
  ranking_rule: string
}

export interface Lead {
  id: number
  company: string | null
  codename: string | null
  confidential: boolean
  masked: boolean
  source: string | null
  kind: string | null
  industry_code: string | null
  chain_id: number | null
  chain: string | null
  intended_investment: number | null
  owner_id: number | null
  owner: string | null
  park_id: number | null
  park: string | null
  stage: string
  stage_since: string | null
  lost_reason: string | null
  contact_name: string | null
  contact_phone: string | null
  notes: string | null
  enterprise_id: number | null
  project_id: number | null
  created_at: string
  updated_at: string
}

export interface LeadInput {
  company: string | null
  codename: string | null
  confidential: boolean
  source: string | null
  kind: string | null
  industry_code: string | null
  chain_id: number | null
  intended_investment: number | null
  owner_id: number | null
  park_id: number | null
  contact_name: string | null
  contact_phone: string | null
  notes: string | null
}

export interface LeadQuery {
  page?: number
  page_size?: number
  sort?: string
  order?: 'asc' | 'desc'
  q?: string
  stage?: string
  park?: number | string
  owner?: number | string
  kind?: string
  source?: string
  chain?: number | string
}

export interface PipelineColumn {
  stage: string
  label: string
  count: number
  amount: number
  items: Lead[]
}

export interface LeadHistoryEntry {
  from: string | null
  to: string
  on: string
  reason: string | null
  actor: string | null
  at: string
}

export interface LeadMoveInput {
  stage: string
  reason: string | null
  on: string | null
}

export interface Activity {
  id: number
  kind: string
  title: string
  start_on: string
  end_on: string
  days: number
  location: string | null
  counterpart: string | null
  participants: string[]
  owner_id: number | null
  owner: string | null
  park_id: number | null
  park: string | null
  outcome: string | null
  leads: { id: number; company: string | null }[]
  enterprises: { id: number; name: string }[]
  created_at: string
}

export interface ActivityInput {
  kind: string
  title: string
  start_on: string | null
  end_on: string | null
  location: string | null
  counterpart: string | null
  participants: string[]
  park_id: number | null
  outcome: string | null
  lead_ids: number[]
  enterprise_ids: number[]
}

export interface ActivityQuery {
  page?: number
  page_size?: number
  sort?: string
  order?: 'asc' | 'desc'
  kind?: string
  from?: string
  to?: string
  park?: number | string
  owner?: number | string
  lead?: number | string
  q?: string
}

export interface ActivityStatsRow {
  key: string | number | null
  label: string
  trips: number
  receptions: number
  online: number
  promotions: number
  trips_per_day: number
  receptions_per_day: number
}

export interface ActivityStats {
  from: string
  to: string
  days: number
  total: ActivityStatsRow
  rows: ActivityStatsRow[]
}

export interface TargetFigures {
  signed_count: number | null
  signed_amount: number | null
  trips: number | null
  receptions: number | null
}

export interface Target extends TargetFigures {
  id: number
  subject: 'park' | 'user'
  park_id: number | null
  park: string | null
  user_id: number | null
  user: string | null
  period: string
  from: string
  to: string
  actual: TargetFigures
  rate: TargetFigures
}

export interface TargetInput extends TargetFigures {
  subject: 'park' | 'user'
  park_id: number | null
  user_id: number | null
  period: string
}

export interface WeeklyPlanItem {
  text: string
  done: boolean
}

export interface WeeklyPlan {
  id: number
  user_id: number
  user: string
  park_id: number | null
  week: string
  items: WeeklyPlanItem[]
  done: number
  total: number
  rate: number
}

export interface LeaderboardRow {
  rank: number
  id: number
  name: string
  signed_count: number
  signed_amount: number
}

export interface Leaderboard {
  month: string
  from: string
  to: string
  subject: 'park' | 'user'
  by: 'amount' | 'count'
  rule: string
  rows: LeaderboardRow[]
}

export type StageState = 'done' | 'late' | 'due_soon' | 'pending'

export interface ProjectStage {
  stage: string
  label: string
  planned_on: string | null
  actual_on: string | null
  limit_days: number
  after: string[]
  state: StageState
}

export interface ProjectGaps {
  signed_to_started_days: number | null
  started_to_production_days: number | null
  started_to_production_months: number | null
}

export interface Project {
  id: number
  name: string
  lead_id: number | null
  enterprise_id: number | null
  enterprise: string | null
  park_id: number | null
  park: string | null
  owner_id: number | null
  owner: string | null
  chain_id: number | null
  chain: string | null
  category: string
  investment: number
  band: '100yi' | '50_100yi' | null
  signed_on: string
  stage: string
  late: boolean
  late_stages: string[]
  due_soon: string[]
  stages: ProjectStage[]
  gaps: ProjectGaps
  flags: string[]
  open_problems: number
  notes: string | null
  created_at: string
  updated_at: string
}

export interface ProjectInput {
  name: string
  enterprise_id: number | null
  park_id: number | null
  owner_id: number | null
  chain_id: number | null
  category: string | null
  investment: number | null
  signed_on: string | null
  notes: string | null
  planned?: Record<string, string>
}

export interface ProjectQuery {
  page?: number
  page_size?: number
  sort?: string
  order?: 'asc' | 'desc'
  q?: string
  park?: number | string
  owner?: number | string
  stage?: string
  category?: string
  band?: string
  late?: string
  signed_from?: string
  signed_to?: string
  started_from?: string
  started_to?: string
  production_from?: string
  production_to?: string
  enterprise?: number | string
  [extra: string]: string | number | undefined
}

export interface ProgressEntry {
  id: number
  week: string
  done: string
  blockers: string | null
  author: string | null
  at: string
}

export interface ProjectProblem {
  id: number
  title: string
  detail: string | null
  status: 'open' | 'solved'
  raised_on: string
  solved_on: string | null
  author: string | null
}

export interface CockpitInvest {
  funnel: { stage: string; label: string; count: number }[]
  leaderboard: LeaderboardRow[]
  monthly_signed: { month: string; count: number; amount: number }[]
}
