// The demo's own pages (serve --demo only): what the demo robot posted to this server.
import http from './http'
import type { RobotInboxView } from './types'

/** 404 on a server not started with --demo. */
export async function getRobotInbox(): Promise<RobotInboxView> {
  return (await http.get<RobotInboxView>('/demo/robot-inbox', { silent: true })).data
}
