import http from './http'

/** What is imported (`POST /imports/{kind}`). */
export type ImportKind = 'enterprises' | 'indicators'

export interface ImportRowError {
  row: number
  column: string
  field: string
  code: string
  message: string
}

export interface ImportPreview {
  id: number
  kind: ImportKind
  file_name: string
  status: 'preview' | 'committed'
  rows: number
  counts: { new: number; changed: number; unchanged: number; error: number }
  errors: ImportRowError[]
  errors_total: number
  notices: string[]
  sample: { row: number; action: 'new' | 'changed'; label: string; changes: string[] }[]
  layout: string
  period: number | null
  expires_at: string
}

export interface ImportResult {
  id: number
  counts: ImportPreview['counts']
  written: number
  audited: number
}

/** Uploads a workbook; `onProgress` gets 0–100 while it is sent. Errors are the caller's to show. */
export async function uploadImport(
  kind: ImportKind,
  file: File,
  period: number | null,
  onProgress: (percent: number) => void,
): Promise<ImportPreview> {
  const body = new FormData()
  body.append('file', file, file.name)
  const params = period ? { period } : {}
  const res = await http.post<ImportPreview>(`/imports/${kind}`, body, {
    params,
    silent: true,
    timeout: 300000,
    onUploadProgress: (e) => onProgress(e.total ? Math.round((e.loaded / e.total) * 100) : 0),
  })
  return res.data
}

export async function commitImport(id: number): Promise<ImportResult> {
  return (await http.post<ImportResult>(`/imports/batches/${id}/commit`, undefined, { silent: true, timeout: 300000 })).data
}

/** Same-origin download addresses (the session cookie goes with them). */
export function templateUrl(kind: ImportKind, layout?: 'long'): string {
  return `/api/v1/imports/${kind}/template${layout ? `?layout=${layout}` : ''}`
}
export function annotatedUrl(id: number): string {
  return `/api/v1/imports/batches/${id}/annotated`
}
