// Shapes of the investment and project API (docs/api.md "Investment attraction and projects"),
// aliases of the types generated from the server's OpenAPI document. Money values are numbers of
// 元; dates are YYYY-MM-DD. Re-exported by types.ts.

import type { components, operations } from './generated/schema'

type Schemas = components['schemas']
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

/** A code with its label, as the `/meta` answers list them. */
export type Coded = Schemas['Labeled']

export type LeadStage = Schemas['LeadStage']

export type LeadMove = Schemas['LeadMove']

export type ProjectStageTemplate = Schemas['StageDef']

export type Band = Schemas['Band']

export type InvestMeta = Schemas['InvestMeta']

export type Lead = Schemas['Lead']

export type LeadInput = Schemas['LeadInput']

export type LeadQuery = Query<'invest_list_leads'>

export type PipelineColumn = Schemas['PipelineColumn']

export type LeadHistoryEntry = Schemas['MoveRow']

export type LeadMoveInput = Schemas['MoveInput']

export type Activity = Schemas['Activity']

export type ActivityInput = Schemas['ActivityInput']

export type ActivityQuery = Query<'invest_list_activities'>

export type ActivityStatsRow = Schemas['StatsRow']

export type ActivityStats = Schemas['Stats']

export type TargetFigures = Schemas['Figures']

export type Target = Schemas['Target']

export type TargetInput = Schemas['TargetInput']

export type WeeklyPlanItem = Schemas['PlanItem']

export type WeeklyPlan = Schemas['WeeklyPlan']

export type LeaderboardRow = Schemas['RankRow']

export type Leaderboard = Schemas['Leaderboard']

export type StageState = Schemas['StageState']

export type ProjectStage = Schemas['StageView']

export type ProjectGaps = Schemas['Gaps']

export type Project = Schemas['Project']

export type ProjectInput = Schemas['ProjectInput']

export type ProjectQuery = Query<'project_list'>

export type ProgressEntry = Schemas['ProgressRow']

export type ProjectProblem = Schemas['ProblemRow']

export type CockpitInvest = Schemas['InvestCharts']
