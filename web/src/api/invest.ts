// Investment attraction (招商): meta, leads and their pipeline, activities, targets, weekly plans,
// the monthly leaderboard. docs/api.md "Investment attraction and projects".
import http from './http'
import { cleanQuery } from './enterprise'
import type {
  Activity,
  ActivityInput,
  ActivityQuery,
  ActivityStats,
  InvestMeta,
  Lead,
  LeadHistoryEntry,
  LeadInput,
  LeadMoveInput,
  LeadQuery,
  Leaderboard,
  Page,
  PipelineColumn,
  Project,
  ProjectInput,
  Target,
  TargetInput,
  WeeklyPlan,
  WeeklyPlanItem,
} from './types'

export async function getInvestMeta(): Promise<InvestMeta> {
  return (await http.get<InvestMeta>('/invest/meta')).data
}

/** People who may own leads and projects: `{"items": [{"id", "display_name"}]}`. */
export async function listPeople(): Promise<{ items: { id: number; display_name: string }[] }> {
  return (await http.get<{ items: { id: number; display_name: string }[] }>('/invest/people', { silent: true })).data
}

// leads

export async function listLeads(query: LeadQuery): Promise<Page<Lead>> {
  return (await http.get<Page<Lead>>('/leads', { params: cleanQuery(query) })).data
}
export async function getPipeline(query: { park?: number; owner?: number; q?: string }): Promise<{ columns: PipelineColumn[] }> {
  return (await http.get<{ columns: PipelineColumn[] }>('/leads/pipeline', { params: cleanQuery(query) })).data
}
export async function getLead(id: number, silent = false): Promise<Lead> {
  return (await http.get<Lead>(`/leads/${id}`, { silent })).data
}
export async function addLead(data: LeadInput): Promise<Lead> {
  return (await http.post<Lead>('/leads', data, { fieldErrors: true })).data
}
export async function updateLead(id: number, data: LeadInput): Promise<Lead> {
  return (await http.put<Lead>(`/leads/${id}`, data, { fieldErrors: true })).data
}
export async function deleteLead(id: number): Promise<void> {
  await http.delete(`/leads/${id}`)
}
/** A stage move. Errors naming a field (reason, on) are the dialog's to show. */
export async function moveLead(id: number, data: LeadMoveInput): Promise<Lead> {
  return (await http.post<Lead>(`/leads/${id}/move`, data, { fieldErrors: true })).data
}
export async function getLeadHistory(id: number): Promise<{ items: LeadHistoryEntry[] }> {
  return (await http.get<{ items: LeadHistoryEntry[] }>(`/leads/${id}/history`)).data
}
export async function createProjectFromLead(id: number, data: Partial<ProjectInput>): Promise<Project> {
  return (await http.post<Project>(`/leads/${id}/project`, data, { fieldErrors: true })).data
}

// activities

export async function listActivities(query: ActivityQuery): Promise<Page<Activity>> {
  return (await http.get<Page<Activity>>('/activities', { params: cleanQuery(query) })).data
}
export async function getActivityStats(query: { from?: string; to?: string; park?: number | string; group?: 'park' | 'owner' | 'month' }): Promise<ActivityStats> {
  return (await http.get<ActivityStats>('/activities/stats', { params: cleanQuery(query) })).data
}
export async function getActivity(id: number): Promise<Activity> {
  return (await http.get<Activity>(`/activities/${id}`)).data
}
export async function addActivity(data: ActivityInput): Promise<Activity> {
  return (await http.post<Activity>('/activities', data, { fieldErrors: true })).data
}
export async function updateActivity(id: number, data: ActivityInput): Promise<Activity> {
  return (await http.put<Activity>(`/activities/${id}`, data, { fieldErrors: true })).data
}
export async function deleteActivity(id: number): Promise<void> {
  await http.delete(`/activities/${id}`)
}

// targets, weekly plans, leaderboard

export async function listTargets(query: { period?: string; subject?: string }): Promise<{ items: Target[] }> {
  return (await http.get<{ items: Target[] }>('/invest/targets', { params: cleanQuery(query) })).data
}
export async function addTarget(data: TargetInput): Promise<Target> {
  return (await http.post<Target>('/invest/targets', data, { fieldErrors: true })).data
}
export async function updateTarget(id: number, data: TargetInput): Promise<Target> {
  return (await http.put<Target>(`/invest/targets/${id}`, data, { fieldErrors: true })).data
}
export async function deleteTarget(id: number): Promise<void> {
  await http.delete(`/invest/targets/${id}`)
}

export async function listWeeklyPlans(query: { week: string; user?: number }): Promise<{ items: WeeklyPlan[] }> {
  return (await http.get<{ items: WeeklyPlan[] }>('/weekly-plans', { params: cleanQuery(query) })).data
}
export async function saveWeeklyPlan(week: string, items: WeeklyPlanItem[]): Promise<WeeklyPlan> {
  return (await http.put<WeeklyPlan>(`/weekly-plans/${week}`, { items }, { fieldErrors: true })).data
}

export async function getLeaderboard(query: { month: string; subject: 'park' | 'user'; by: 'amount' | 'count' }, silent = false): Promise<Leaderboard> {
  return (await http.get<Leaderboard>('/invest/leaderboard', { params: query, silent })).data
}
