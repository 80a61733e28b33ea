// Shapes of the investment and project API (docs/api.md "Investment attraction and projects").
// Money values are numbers of 元; dates are YYYY-MM-DD. Re-exported by types.ts.

import type { components } from './generated/schema'

type Schemas = components['schemas']

/** A code with its Chinese label, as `/invest/meta` lists them. */
export interface Coded {
  code: string
  label: string
}

export type LeadStage = 'lead' | 'contact' | 'negotiation' | 'signed' | 'lost'

export type LeadMove = Schemas['LeadMove']

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
