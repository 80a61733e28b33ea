// Shapes of meetings (会议), notifications (通知), group robots and their delivery log, aliases of
// the types generated from the server's OpenAPI document. docs/api.md "Meetings" and
// "Notifications" tell the rules. Re-exported by types.ts.

import type { components, operations } from './generated/schema'

type Schemas = components['schemas']

export type MeetingKind = Schemas['MeetingKind']
/** By hand: the server keeps a meeting's status as text checked in code, not a vocabulary. */
export type MeetingStatus = 'planned' | 'held'
export type AgendaKind = Schemas['AgendaItemKind']

export type MeetingMeta = Schemas['MeetingMeta']

/** A row of `GET /meetings` (no agenda, no actions). */
export type MeetingRow = Schemas['MeetingRow']

/** An agenda item as a meeting holds it; one the user added and has not saved has no id yet. */
export type AgendaItem = Schemas['AgendaItem'] & { id?: number; sort?: number }

export type MeetingAction = Schemas['MeetingAction']

export type Meeting = Schemas['Meeting']

/** One kind of item on the agenda as the meeting reads it: the first items and how many more. */
export type AgendaGroup = Schemas['AgendaGroup']

export type MeetingInput = Schemas['MeetingInput']

export type MeetingActionInput = Schemas['MeetingActionInput']

export type ActionsQuery = NonNullable<operations['meeting_actions']['parameters']['query']>

// notifications

export type Notification = Schemas['NotificationRow']

/** By hand: the server keeps a robot's kind as text checked in code, not a vocabulary. */
export type RobotKind = 'wecom' | 'dingtalk'

/** A group robot as the server shows it: the URL and secret are never sent back, only a hint. */
export type Robot = Schemas['RobotRow']

/** `url`/`secret` absent on update: the stored ones are kept. An empty `secret` removes it. */
export type RobotInput = Schemas['RobotInput']

export type OutboxMessage = Schemas['OutboxRow']

/** What the demo robot posted to this server (serve --demo). */
export type RobotInboxView = Schemas['RobotInboxView']

export type ReceivedMessage = Schemas['ReceivedMessage']
