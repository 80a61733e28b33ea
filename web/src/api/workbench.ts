// The caller's own workbench lists (/my/…).
import http from './http'
import type { components } from './generated/schema'

export type MyLinked = components['schemas']['MyLinked']
export type LinkedEnterprise = components['schemas']['LinkedEnterprise']

/** 我的挂钩企业: the caller's linked enterprises, the longest unvisited first. */
export async function myLinked(): Promise<MyLinked> {
  return (await http.get<MyLinked>('/my/linked-enterprises')).data
}
