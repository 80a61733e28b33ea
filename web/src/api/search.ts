// The header's search box (GET /search).
import http from './http'
import type { components } from './generated/schema'

export type SearchResults = components['schemas']['SearchResults']
export type SearchHit = components['schemas']['Hit']

export async function search(q: string): Promise<SearchResults> {
  return (await http.get<SearchResults>('/search', { params: { q }, silent: true })).data
}
