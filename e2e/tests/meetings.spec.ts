import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiAs, choose, field, getJson, loginUi } from './helpers'

// 会议 and what hangs on it: a 问题集中会办 whose agenda the system draws (every overdue ticket is
// on it), edited, reordered and saved; its minutes; a decision assigned to the land bureau that
// the bureau finds overdue in 我的待办 and marks done. The navbar inbox of a department a ticket is
// dispatched to; a group robot whose webhook key never comes back to the page; 挂钩管理.
// The agenda's PDF is another engineer's: only its link is checked, never fetched.

interface Ticket {
  id: number
  no: string
  title: string
  state: string
}
interface AgendaItem {
  id: number
  kind: string
  ref_id: number | null
  title: string
  note: string
}
interface Action {
  id: number
  title: string
  status: string
  overdue: boolean
  due_on: string
  done_on: string | null
}
interface Meeting {
  id: number
  kind: string
  title: string
  held_on: string
  minutes: string
  items: AgendaItem[]
  actions: Action[]
}
interface Department {
  id: number
  code: string
  name: string
}

/** The input or textarea of an el-input marked with data-testid. */
function text(page: Page, testid: string): Locator {
  return page
    .locator(
      `input[data-testid="${testid}"], textarea[data-testid="${testid}"], [data-testid="${testid}"] input, [data-testid="${testid}"] textarea`,
    )
    .first()
}

async function waitReady(page: Page, testid: string): Promise<void> {
  await expect(page.locator(`[data-testid="${testid}"][data-state="ready"]`)).toHaveCount(1)
}

async function switchTo(page: Page, username: string): Promise<void> {
  await page.context().clearCookies()
  await loginUi(page, username)
}

/** A day of the zone's calendar (China Standard Time), `n` days from today. */
function zoneDay(n = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10)
}

const TICKET_KINDS = ['overdue_ticket', 'escalated_ticket']

/** Opens every agenda group past its "及其他 N 项" line, so every item is on screen. */
async function openGroups(page: Page): Promise<void> {
  const closed = page.locator('[data-testid^="agenda-more-"][data-open="false"]')
  while ((await closed.count()) > 0) await closed.first().click()
}

/** The agenda on screen (every group opened): kind and record of each item, in order. */
async function agendaOnScreen(page: Page): Promise<{ kind: string; ref: string; title: string }[]> {
  await openGroups(page)
  const items = page.locator('[data-testid="agenda-list"] li')
  const n = await items.count()
  const out: { kind: string; ref: string; title: string }[] = []
  for (let i = 0; i < n; i++) {
    const el = items.nth(i)
    out.push({ kind: (await el.getAttribute('data-kind')) ?? '', ref: (await el.getAttribute('data-ref')) ?? '', title: (await el.getAttribute('data-title')) ?? '' })
  }
  return out
}

async function land(): Promise<Department> {
  const admin = await apiAs('admin')
  const depts = (await getJson<{ items: Department[] }>(admin, '/api/v1/departments')).items
  await admin.dispose()
  const d = depts.find((x) => x.code === 'land')
  expect(d, 'the demo has the land bureau').toBeTruthy()
  return d!
}

test.describe('meetings (会议), the inbox, group robots and linkages', () => {
  test('an overdue ticket appears on the next meeting\'s agenda; the agenda is edited; a decision is tracked to done by the land bureau', async ({ page }) => {
    test.setTimeout(300_000)
    const stamp = Date.now() % 1_000_000
    const bureau = await land()

    // -- the leader creates a 问题集中会办 (the server names it)
    await loginUi(page, 'leader')
    await page.goto('/meetings')
    await waitReady(page, 'meeting-page')
    await page.getByTestId('meeting-add').click()
    await expect(page.getByTestId('meeting-dialog')).toBeVisible()
    await page.getByTestId('meeting-kind-coordination').click()
    await text(page, 'meeting-field-location').fill('管委会三楼会议室')
    await text(page, 'meeting-field-chair').fill(`E2E主持人${stamp}`)
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/meetings' && r.request().method() === 'POST')
    await page.getByTestId('meeting-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    let meeting = (await res.json()) as Meeting
    expect(meeting.kind).toBe('coordination')
    expect(meeting.title).toBe(`问题集中会办（${meeting.held_on}）`)
    await expect(page).toHaveURL(new RegExp(`/meetings/${meeting.id}$`))
    await waitReady(page, 'meeting-detail')
    await expect(page.getByTestId('meeting-detail-title')).toHaveText(meeting.title)
    await expect(page.getByTestId('meeting-detail-status')).toHaveAttribute('data-status', 'planned')
    // the agenda's PDF is the server's: linked, not fetched here
    await expect(page.getByTestId('meeting-pdf')).toHaveAttribute('href', `/api/v1/meetings/${meeting.id}/pdf`)
    await expect(page.getByTestId('agenda-empty')).toBeVisible()

    // -- 从系统生成议程: every overdue ticket the API lists is on it
    const drawn = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meetings/${meeting.id}/agenda/draw`))
    await page.getByTestId('agenda-draw').click()
    const drawRes = await drawn
    expect(drawRes.status(), await drawRes.text()).toBe(200)
    meeting = (await drawRes.json()) as Meeting
    const overdue = await getJson<{ items: Ticket[]; total: number }>(page.request, '/api/v1/tickets?overdue=true&page_size=500')
    expect(overdue.total, 'the demo zone has overdue tickets').toBeGreaterThan(1)
    const ticketItems = meeting.items.filter((i) => TICKET_KINDS.includes(i.kind))
    for (const tk of overdue.items) {
      expect(ticketItems.some((i) => i.ref_id === tk.id), `overdue ticket ${tk.no} is on the agenda`).toBe(true)
    }
    // a 问题集中会办 takes tickets and carried actions, no projects
    expect(meeting.items.every((i) => [...TICKET_KINDS, 'carried_action'].includes(i.kind))).toBe(true)
    // read by kind: each group shows five and "及其他 N 项" for the rest
    for (const g of (meeting as Meeting & { groups: { kind: string; total: number; more: number }[] }).groups) {
      const group = page.getByTestId(`agenda-group-${g.kind}`)
      await expect(group.locator('li')).toHaveCount(Math.min(g.total, 5))
      if (g.more > 0) await expect(page.getByTestId(`agenda-more-${g.kind}`)).toHaveText(`及其他 ${g.more} 项`)
    }
    await page.screenshot({ path: 'artifacts/meeting-agenda-groups.png', fullPage: true })
    await openGroups(page)
    await expect(page.locator('[data-testid="agenda-list"] li')).toHaveCount(meeting.items.length)
    for (const tk of overdue.items) {
      const onScreen = page.locator(`[data-testid="agenda-list"] li[data-ref="${tk.id}"]`).filter({ has: page.locator('.el-tag') })
      await expect(onScreen.first()).toBeVisible()
      expect(TICKET_KINDS).toContain(await onScreen.first().getAttribute('data-kind'))
    }
    // a ticket item shows its kind and note and links to the ticket
    const first = ticketItems[0]
    const index = meeting.items.indexOf(first)
    await expect(page.getByTestId(`agenda-kind-${index}`)).toHaveText(first.kind === 'overdue_ticket' ? '超期诉求' : '督办诉求')
    await expect(page.getByTestId(`agenda-note-text-${index}`)).toHaveText(first.note)
    await expect(page.getByTestId(`agenda-link-${index}`)).toHaveAttribute('href', `/tickets/${first.ref_id}`)
    await expect(page.getByTestId('agenda-save')).toBeDisabled()
    await page.screenshot({ path: 'artifacts/meeting-agenda-drawn.png', fullPage: true })

    // drawing again adds nothing new
    const again = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meetings/${meeting.id}/agenda/draw`))
    await page.getByTestId('agenda-draw').click()
    expect(((await (await again).json()) as Meeting).items.length).toBe(meeting.items.length)

    // -- reorder (an item goes down one within its kind), remove the last, add one of our own; save; reload keeps it
    const before = await agendaOnScreen(page)
    expect(before.length).toBeGreaterThanOrEqual(2)
    const down = before.findIndex((x, i) => i + 1 < before.length && before[i + 1].kind === x.kind)
    expect(down, 'two items of one kind to reorder').toBeGreaterThanOrEqual(0)
    await page.getByTestId(`agenda-down-${down}`).click()
    await page.getByTestId(`agenda-remove-${before.length - 1}`).click()
    await page.getByTestId('agenda-add').click()
    const custom = before.length - 1
    await text(page, `agenda-title-${custom}`).fill(`E2E 安全生产大检查部署${stamp}`)
    await text(page, `agenda-note-${custom}`).fill('各园区分头落实')
    await expect(page.getByTestId('agenda-unsaved')).toBeVisible()
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meetings/${meeting.id}/agenda`) && r.request().method() === 'PUT')
    await page.getByTestId('agenda-save').click()
    expect((await saved).status()).toBe(200)
    await expect(page.getByTestId('agenda-unsaved')).toHaveCount(0)
    const moved = [...before.slice(0, down), before[down + 1], before[down], ...before.slice(down + 2)]
    const expected = moved.slice(0, -1).map((x) => ({ kind: x.kind, ref: x.ref }))
    expected.push({ kind: 'custom', ref: '' })
    await page.reload()
    await waitReady(page, 'meeting-detail')
    await openGroups(page)
    await expect(page.locator('[data-testid="agenda-list"] li')).toHaveCount(expected.length)
    expect((await agendaOnScreen(page)).map((x) => ({ kind: x.kind, ref: x.ref }))).toEqual(expected)
    await expect(page.getByTestId(`agenda-title-text-${custom}`)).toHaveText(`E2E 安全生产大检查部署${stamp}`)
    await expect(page.getByTestId(`agenda-kind-${custom}`)).toHaveText('其他议题')

    // the system's suggestions: the removed item is the one not on the agenda any more
    const removed = moved[moved.length - 1]
    await page.getByTestId('agenda-preview').click()
    const dialog = page.getByTestId('agenda-suggestions')
    await expect(dialog).toBeVisible()
    const removedRow = dialog.locator(`[data-testid^="suggestion-row-"][data-kind="${removed.kind}"][data-ref="${removed.ref}"]`)
    await expect(removedRow).toHaveAttribute('data-on-agenda', 'false')
    await expect(dialog.locator('[data-testid^="suggestion-row-"][data-on-agenda="false"]')).toHaveCount(1)
    await dialog.getByRole('button', { name: '关闭', exact: true }).click()
    await expect(dialog).toBeHidden()

    // -- the minutes, saved with the meeting
    await text(page, 'minutes-input').fill(`会议议定：逐件明确超期诉求责任部门。E2E${stamp}`)
    const minutes = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meetings/${meeting.id}`) && r.request().method() === 'PUT')
    await page.getByTestId('minutes-save').click()
    expect((await minutes).status()).toBe(200)
    await page.reload()
    await waitReady(page, 'meeting-detail')
    await expect(text(page, 'minutes-input')).toHaveValue(`会议议定：逐件明确超期诉求责任部门。E2E${stamp}`)
    await expect(page.getByTestId('meeting-detail-location')).toHaveText('管委会三楼会议室')

    // -- a decision: the land bureau, due yesterday → overdue at once
    const yesterday = zoneDay(-1)
    const title = `E2E 协调企业扩产用地指标${stamp}`
    await page.getByTestId('meeting-action-add').click()
    await expect(page.getByTestId('meeting-action-dialog')).toBeVisible()
    await text(page, 'meeting-action-title').fill(title)
    await choose(page, 'meeting-action-department', bureau.name)
    const due = field(page, 'meeting-action-due')
    await due.fill(yesterday)
    await due.press('Enter')
    await text(page, 'meeting-action-note').fill('两周内拿出方案')
    const added = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meetings/${meeting.id}/actions`))
    await page.getByTestId('meeting-action-submit').click()
    const addedRes = await added
    expect(addedRes.status(), await addedRes.text()).toBe(201)
    const action = ((await addedRes.json()) as Meeting).actions.find((a) => a.title === title)!
    expect(action).toMatchObject({ due_on: yesterday, status: 'open', overdue: true })
    await expect(page.getByTestId('meeting-action-dialog')).toBeHidden()
    await expect(page.getByTestId(`meeting-action-row-${action.id}`)).toHaveAttribute('data-overdue', 'true')
    await expect(page.getByTestId(`meeting-action-state-${action.id}`)).toHaveText('已逾期')
    await page.screenshot({ path: 'artifacts/meeting-detail.png', fullPage: true })

    // -- the land bureau finds it in 我的待办, overdue, and marks it done
    await switchTo(page, 'dept_land')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    await expect(page.getByTestId('queue-tab-actions')).not.toHaveAttribute('data-overdue', '')
    expect(Number(await page.getByTestId('queue-tab-actions').getAttribute('data-overdue'))).toBeGreaterThanOrEqual(1)
    await page.getByTestId('queue-tab-actions').click()
    await expect(page).toHaveURL(/tab=actions/)
    await waitReady(page, 'my-actions')
    const row = page.getByTestId(`my-action-row-${action.id}`)
    await expect(row).toHaveAttribute('data-overdue', 'true')
    await expect(row).toHaveAttribute('data-due', yesterday)
    await expect(page.getByTestId(`my-action-state-${action.id}`)).toHaveText('已逾期')
    await expect(page.getByTestId('my-actions-overdue')).toBeVisible()
    await page.screenshot({ path: 'artifacts/my-actions.png' })
    await page.getByTestId(`my-action-toggle-${action.id}`).click()
    await expect(page.getByTestId('action-status-dialog')).toBeVisible()
    await text(page, 'action-status-note').fill('已与企业对接，指标已落实')
    const done = page.waitForResponse((r) => r.url().endsWith(`/api/v1/meeting-actions/${action.id}`) && r.request().method() === 'PUT')
    await page.getByTestId('action-status-submit').click()
    const doneRes = await done
    expect(doneRes.status(), await doneRes.text()).toBe(200)
    expect(await doneRes.json()).toMatchObject({ status: 'done', done_on: zoneDay(), overdue: false })
    // the open list no longer shows it; with the done ones it is there, done
    await expect(row).toHaveCount(0)
    await page.getByTestId('my-actions-show-done').click()
    await expect(row).toHaveAttribute('data-status', 'done')
    await expect(page.getByTestId(`my-action-state-${action.id}`)).toHaveText('已完成')

    // -- the leader sees it done
    await switchTo(page, 'leader')
    await page.goto(`/meetings/${meeting.id}`)
    await waitReady(page, 'meeting-detail')
    await expect(page.getByTestId(`meeting-action-row-${action.id}`)).toHaveAttribute('data-status', 'done')
    await expect(page.getByTestId(`meeting-action-state-${action.id}`)).toHaveText('已完成')
    await expect(page.getByTestId('meeting-actions-table')).toContainText('已与企业对接，指标已落实')

    // -- the list filters by kind in its URL
    await page.goto('/meetings?kind=coordination')
    await waitReady(page, 'meeting-page')
    await expect(page.getByTestId('meeting-query-kind').locator('.is-active')).toHaveText('问题集中会办')
    await expect(page.getByTestId(`meeting-row-${meeting.id}`)).toBeVisible()
    await page.getByTestId('meeting-query-kind-weekly').click()
    await expect(page).toHaveURL(/kind=weekly/)
    await waitReady(page, 'meeting-page')
    await expect(page.getByTestId(`meeting-row-${meeting.id}`)).toHaveCount(0)
  })

  test('a ticket dispatched to the land bureau rings its bell; the notification opens the ticket', async ({ page }) => {
    const bureau = await land()
    const stamp = Date.now() % 1_000_000
    const service = await apiAs('service')
    async function dispatched(title: string): Promise<Ticket> {
      const res = await service.post('/api/v1/tickets', {
        data: { channel: 'phone', category: 'land', priority: 'normal', title, detail: '企业来电反映。', contact_name: '王经理', contact_phone: '13800000000' },
      })
      expect(res.status(), await res.text()).toBe(201)
      let t = (await res.json()) as Ticket
      if (t.state === 'new') {
        const d = await service.post(`/api/v1/tickets/${t.id}/actions/dispatch`, { data: { department_id: bureau.id } })
        expect(d.status(), await d.text()).toBe(200)
        t = (await d.json()) as Ticket
      }
      expect(t.state).toBe('dispatched')
      return t
    }

    await loginUi(page, 'dept_land')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    const bell = page.getByTestId('notify-bell')
    await expect(bell).toHaveAttribute('data-loaded', 'true')
    const unreadBefore = Number(await bell.getAttribute('data-unread'))

    const first = await dispatched(`E2E铁路专用线用地报批${stamp}`)
    const second = await dispatched(`E2E厂区道路红线调整${stamp}`)
    // the count is asked for again on a page change (and every minute)
    await page.waitForTimeout(3500)
    await page.getByTestId('menu-/tickets').click()
    await expect(page).toHaveURL(/\/tickets(\?|$)/)
    // (the escalation scan may add notices of its own meanwhile: at least these two)
    await expect.poll(async () => Number(await bell.getAttribute('data-unread')), { timeout: 20_000 }).toBeGreaterThanOrEqual(unreadBefore + 2)
    const unread = Number(await bell.getAttribute('data-unread'))
    await expect(page.getByTestId('notify-badge')).toHaveText(unread > 99 ? '99+' : String(unread))
    await page.screenshot({ path: 'artifacts/notify-bell.png' })

    // the drawer lists them, newest first; a click opens the ticket and marks it read
    await bell.click()
    const drawer = page.getByTestId('notify-drawer')
    await expect(drawer).toBeVisible()
    const item = drawer.locator(`[data-testid^="notify-item-"][data-ticket="${first.id}"]`).first()
    await expect(item).toHaveAttribute('data-read', 'false')
    await expect(item).toContainText(first.no)
    await expect(item).toContainText('新派工单')
    await page.screenshot({ path: 'artifacts/notify-drawer.png' })
    await item.click()
    await expect(page).toHaveURL(new RegExp(`/tickets/${first.id}$`))
    await waitReady(page, 'ticket-detail')
    await expect(page.getByTestId('ticket-detail-no')).toHaveText(first.no)
    await expect.poll(async () => Number(await bell.getAttribute('data-unread'))).toBeLessThan(unread)

    // 全部已读 clears the rest
    await bell.click()
    await expect(drawer.locator(`[data-testid^="notify-item-"][data-ticket="${second.id}"]`).first()).toHaveAttribute('data-read', 'false')
    const all = page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read-all'))
    await drawer.getByTestId('notify-read-all').click()
    expect((await all).status()).toBe(200)
    await expect(bell).toHaveAttribute('data-unread', '0')
    await expect(page.getByTestId('notify-badge')).toHaveCount(0)
    await expect(drawer.locator(`[data-testid^="notify-item-"][data-ticket="${second.id}"]`).first()).toHaveAttribute('data-read', 'true')
    const left = await getJson<{ items: unknown[] }>(page.request, '/api/v1/notifications?unread=true')
    expect(left.items).toHaveLength(0)
    await service.dispose()
  })

  test('a group robot\'s webhook key is sent once and never shown again; a test message shows in the delivery log', async ({ page }) => {
    const bureau = await land()
    const stamp = Date.now() % 1_000_000
    const key = `e2e${stamp}-9f8e7d6c-5b4a-4321-8765-${String(stamp).padStart(12, '0')}`
    const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`
    const name = `E2E自然资源局工作群${stamp}`

    /** Nothing on the page — text, markup or the value of any field — holds the key. */
    async function keyNowhere(): Promise<void> {
      expect(await page.content()).not.toContain(key)
      expect(await page.evaluate(() => document.body.innerText)).not.toContain(key)
      const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'))
      expect(values).not.toContain(key)
    }

    await loginUi(page, 'service')
    await page.goto('/service/robots')
    await waitReady(page, 'robot-page')
    await page.getByTestId('robot-add').click()
    await expect(page.getByTestId('robot-dialog')).toBeVisible()
    await text(page, 'robot-field-name').fill(name)
    await page.getByTestId('robot-kind-wecom').click()
    await choose(page, 'robot-field-department', bureau.name)
    // the URL is required, and must be a web address
    await page.getByTestId('robot-submit').click()
    await expect(page.locator('.el-form-item', { has: page.locator('[data-testid="robot-field-url"]') }).locator('.el-form-item__error')).toBeVisible()
    await text(page, 'robot-field-url').fill(url)
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/robots' && r.request().method() === 'POST')
    await page.getByTestId('robot-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    const robot = (await res.json()) as { id: number; url_hint: string }
    expect(JSON.stringify(robot)).not.toContain(key)
    await expect(page.getByTestId('robot-dialog')).toBeHidden()
    await expect(page.getByTestId(`robot-row-${robot.id}`)).toHaveText(name)
    await expect(page.getByTestId(`robot-hint-${robot.id}`)).toHaveText('https://qyapi.weixin.qq.com/…')
    await keyNowhere()
    await page.reload()
    await waitReady(page, 'robot-page')
    await expect(page.getByTestId(`robot-row-${robot.id}`)).toBeVisible()
    await keyNowhere()

    // editing: the URL field is blank (the stored one is kept), only the name changes
    await page.getByTestId(`robot-edit-${robot.id}`).click()
    await expect(page.getByTestId('robot-dialog')).toBeVisible()
    await expect(text(page, 'robot-field-url')).toHaveValue('')
    await expect(text(page, 'robot-field-url')).toHaveAttribute('placeholder', /留空则保持不变/)
    await keyNowhere()
    await text(page, 'robot-field-name').fill(`${name}（改）`)
    const updated = page.waitForRequest((r) => r.url().endsWith(`/api/v1/robots/${robot.id}`) && r.method() === 'PUT')
    await page.getByTestId('robot-submit').click()
    const body = (await updated).postDataJSON() as Record<string, unknown>
    expect(body).not.toHaveProperty('url')
    expect(body).not.toHaveProperty('secret')
    await expect(page.getByTestId(`robot-row-${robot.id}`)).toHaveText(`${name}（改）`)
    await expect(page.getByTestId(`robot-hint-${robot.id}`)).toHaveText('https://qyapi.weixin.qq.com/…')
    await page.screenshot({ path: 'artifacts/robots.png' })

    // a test message is queued (202) and appears in the delivery log
    const tested = page.waitForResponse((r) => r.url().endsWith(`/api/v1/robots/${robot.id}/test`))
    await page.getByTestId(`robot-test-${robot.id}`).click()
    expect((await tested).status()).toBe(202)
    await page.getByRole('tab', { name: '推送记录' }).click()
    await expect(page).toHaveURL(/tab=outbox/)
    await waitReady(page, 'outbox')
    await expect(page.locator(`[data-testid^="outbox-row-"][data-robot="${robot.id}"]`).first()).toContainText('ZoneOps 测试消息')
    await page.getByTestId('outbox-pending').click()
    await expect(page).toHaveURL(/pending=true/)
    await waitReady(page, 'outbox')
    await expect(page.locator('[data-testid^="outbox-row-"][data-state="sent"]')).toHaveCount(0)
    await page.screenshot({ path: 'artifacts/outbox.png' })
    await keyNowhere()

    // deleted: gone from the list (and from the deliveries)
    await page.getByRole('tab', { name: '群机器人' }).click()
    await page.getByTestId(`robot-delete-${robot.id}`).click()
    const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/robots/${robot.id}`) && r.request().method() === 'DELETE')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    expect((await deleted).status()).toBe(204)
    await expect(page.getByTestId(`robot-row-${robot.id}`)).toHaveCount(0)
  })

  test('挂钩管理: the administrator links a cadre to an enterprise and unlinks it', async ({ page }) => {
    const admin = await apiAs('admin')
    const cadre = (await getJson<{ items: { id: number; username: string; display_name: string }[] }>(admin, '/api/v1/users?q=cadre')).items.find((u) => u.username === 'cadre')!
    expect(cadre, 'the demo has a cadre').toBeTruthy()
    const linked = new Set((await getJson<{ items: { enterprise_id: number }[] }>(admin, `/api/v1/linkages?user=${cadre.id}`)).items.map((l) => l.enterprise_id))
    const enterprises = (await getJson<{ items: { id: number; name: string }[] }>(admin, '/api/v1/enterprises?page_size=50&sort=name&order=asc')).items
    const target = enterprises.find((e) => !linked.has(e.id))!
    expect(target, 'an enterprise the cadre is not linked to').toBeTruthy()
    await admin.dispose()

    await loginUi(page, 'admin')
    await page.getByTestId('sidebar').getByTestId('menu-/system').locator('.el-sub-menu__title').click()
    await page.getByTestId('sidebar').getByTestId('menu-/system/linkages').click()
    await expect(page).toHaveURL(/\/system\/linkages/)
    await waitReady(page, 'linkage-page')
    await page.getByTestId('linkage-add').click()
    await expect(page.getByTestId('linkage-dialog')).toBeVisible()
    await choose(page, 'linkage-field-user', `${cadre.display_name}（cadre）`)
    await choose(page, 'linkage-field-enterprise', target.name, target.name)
    const added = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/linkages' && r.request().method() === 'POST')
    await page.getByTestId('linkage-submit').click()
    expect((await added).status()).toBe(201)
    await expect(page.getByTestId('linkage-dialog')).toBeHidden()

    // filtered by the cadre (in the URL), the new link is there
    await page.goto(`/system/linkages?user=${cadre.id}`)
    await waitReady(page, 'linkage-page')
    const row = page.locator(`[data-testid^="linkage-row-"][data-enterprise="${target.id}"]`)
    await expect(row).toHaveText(target.name)
    await expect(page.getByTestId('linkage-total')).toHaveAttribute('data-total', String(linked.size + 1))
    const id = ((await row.getAttribute('data-testid')) ?? '').replace('linkage-row-', '')
    await page.getByTestId(`linkage-delete-${id}`).click()
    const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/linkages/${id}`) && r.request().method() === 'DELETE')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    expect((await deleted).status()).toBe(204)
    await expect(row).toHaveCount(0)
    await expect(page.getByTestId('linkage-total')).toHaveAttribute('data-total', String(linked.size))
  })
})
