// Projects (项目): list, detail, stage dates, weekly progress, problems. docs/api.md "Projects".
import http from './http'
import { cleanQuery } from './enterprise'
import type { Page, ProgressEntry, Project, ProjectInput, ProjectProblem, ProjectQuery } from './types'

export async function listProjects(query: ProjectQuery): Promise<Page<Project>> {
  return (await http.get<Page<Project>>('/projects', { params: cleanQuery(query) })).data
}
export async function getProject(id: number | string, silent = false): Promise<Project> {
  return (await http.get<Project>(`/projects/${id}`, { silent })).data
}
export async function addProject(data: ProjectInput): Promise<Project> {
  return (await http.post<Project>('/projects', data, { fieldErrors: true })).data
}
export async function updateProject(id: number, data: ProjectInput): Promise<Project> {
  const { planned: _planned, ...body } = data
  void _planned
  return (await http.put<Project>(`/projects/${id}`, body, { fieldErrors: true })).data
}
export async function deleteProject(id: number): Promise<void> {
  await http.delete(`/projects/${id}`)
}

/** Sets a stage's planned and actual dates (null clears); STAGE_ORDER errors name the field. */
export async function putStage(id: number, stage: string, data: { planned_on: string | null; actual_on: string | null }): Promise<Project> {
  return (await http.put<Project>(`/projects/${id}/stages/${stage}`, data, { fieldErrors: true })).data
}

/** Changes the stage dates the body names (null clears) and keeps the others (PATCH). */
export async function patchStage(id: number, stage: string, data: { planned_on?: string | null; actual_on?: string | null }): Promise<Project> {
  return (await http.patch<Project>(`/projects/${id}/stages/${stage}`, data, { fieldErrors: true })).data
}

export async function listProgress(id: number): Promise<{ items: ProgressEntry[] }> {
  return (await http.get<{ items: ProgressEntry[] }>(`/projects/${id}/progress`)).data
}
export async function addProgress(id: number, data: { week: string; done: string; blockers: string | null }): Promise<ProgressEntry> {
  return (await http.post<ProgressEntry>(`/projects/${id}/progress`, data, { fieldErrors: true })).data
}

export async function listProblems(id: number): Promise<{ items: ProjectProblem[] }> {
  return (await http.get<{ items: ProjectProblem[] }>(`/projects/${id}/problems`)).data
}
export async function addProblem(id: number, data: { title: string; detail: string | null }): Promise<ProjectProblem> {
  return (await http.post<ProjectProblem>(`/projects/${id}/problems`, data, { fieldErrors: true })).data
}
export async function setProblemStatus(id: number, pid: number, status: 'open' | 'solved'): Promise<ProjectProblem> {
  return (await http.put<ProjectProblem>(`/projects/${id}/problems/${pid}`, { status })).data
}
