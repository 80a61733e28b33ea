import http from './http'
import type { Goal, GoalInput } from './types'

export async function listGoals(): Promise<{ items: Goal[] }> {
  return (await http.get<{ items: Goal[] }>('/goals')).data
}
export async function addGoal(data: GoalInput): Promise<Goal> {
  return (await http.post<Goal>('/goals', data, { fieldErrors: true })).data
}
export async function updateGoal(id: number, data: GoalInput): Promise<Goal> {
  return (await http.put<Goal>(`/goals/${id}`, data, { fieldErrors: true })).data
}
export async function deleteGoal(id: number): Promise<void> {
  await http.delete(`/goals/${id}`)
}
