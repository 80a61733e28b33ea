import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { apiAs, choose, getJson, loginUi, type Figure } from './helpers'

// 企业服务 (马上就办): the public hotline and tracking page, a ticket's whole life through the
// console (dispatch, return with a reason, re-route, accept, resolve, rating), a visit that files a
// ticket, an enterprise account's own form, the working calendar, and the cockpit's service figures.
// The public hotline allows 10 submissions an hour per address: this file sends three (one refused).

interface Ticket {
  id: number
  no: string
  state: string
  department_id: number | null
  suggested_department: number | null
  actions: { code: string }[]
  satisfaction: number | null
  solved: boolean | null
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

/** The error shown under the form item holding the control `testid`. */
function fieldError(page: Page, testid: string): Locator {
  return page.locator('.el-form-item', { has: page.locator(`[data-testid="${testid}"]`) }).last().locator('.el-form-item__error')
}

async function waitReady(page: Page, testid: string): Promise<void> {
  await expect(page.locator(`[data-testid="${testid}"][data-state="ready"]`)).toHaveCount(1)
}

/** Signs out (cookies gone) and signs in as `username`. */
async function switchTo(page: Page, username: string): Promise<void> {
  await page.context().clearCookies()
  await loginUi(page, username)
}

async function openTicket(page: Page, id: number): Promise<void> {
  await page.goto(`/tickets/${id}`)
  await waitReady(page, 'ticket-detail')
}

async function actions(page: Page): Promise<string[]> {
  const codes = (await page.getByTestId('ticket-actions').getAttribute('data-codes')) ?? ''
  return codes ? codes.split(',') : []
}

/** Clicks an action, fills what the dialog asks, submits, and waits for the server's answer. */
async function act(page: Page, id: number, code: string, fill?: (dialog: Locator) => Promise<void>): Promise<Ticket> {
  await page.getByTestId(`ticket-action-${code}`).click()
  const dialog = page.getByTestId('action-dialog')
  await expect(dialog).toBeVisible()
  if (fill) await fill(dialog)
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${id}/actions/${code}`) && r.request().method() === 'POST')
  await page.getByTestId('action-submit').click()
  const res = await answered
  expect(res.status(), await res.text()).toBe(200)
  await expect(dialog).toBeHidden()
  return (await res.json()) as Ticket
}

async function departments(ctx: APIRequestContext): Promise<Department[]> {
  return (await getJson<{ items: Department[] }>(ctx, '/api/v1/departments')).items
}

function daysAgo(n: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 - n * 86_400_000)
  return d.toISOString().slice(0, 10)
}

test.describe('service desk (马上就办)', () => {
  let hrUser = ''
  const hrPassword = 'Dept@2022hr!'
  let land: Department
  let hr: Department

  test.beforeAll(async () => {
    const admin = await apiAs('admin')
    const depts = await departments(admin)
    land = depts.find((d) => d.code === 'land')!
    hr = depts.find((d) => d.code === 'hr')!
    expect(land && hr, 'the demo has the land and HR bureaus').toBeTruthy()
    // a second department's user, through the admin API
    hrUser = `e2e_hr_${Date.now() % 1_000_000}`
    const res = await admin.post('/api/v1/users', {
      data: { username: hrUser, display_name: 'E2E人社局经办', password: hrPassword, roles: ['dept'], scope: { kind: 'department', department: hr.id } },
    })
    expect(res.status(), await res.text()).toBe(201)
    await admin.dispose()
  })

  test('a hotline ticket: filed without login, dispatched, returned, re-routed, resolved, rated, and followed publicly', async ({ page }) => {
    test.setTimeout(300_000)
    const stamp = Date.now() % 1_000_000

    // -- the public form, reached from the login page, no login
    await page.goto('/login')
    await page.getByTestId('login-hotline').click()
    await expect(page).toHaveURL(/\/hotline$/)
    await expect(page.getByTestId('hotline-form')).toBeVisible()
    // nothing filled: every required field says so, nothing is sent
    await page.getByTestId('hotline-submit').click()
    await expect(fieldError(page, 'hotline-company')).toBeVisible()
    await expect(fieldError(page, 'hotline-contact_phone')).toBeVisible()
    await text(page, 'hotline-company').fill(`E2E扬州精密机械有限公司${stamp}`)
    await text(page, 'hotline-contact_name').fill('王经理')
    await text(page, 'hotline-contact_phone').fill('电话号码')
    await page.getByTestId('hotline-category').getByText('用地', { exact: true }).click()
    await text(page, 'hotline-title').fill(`E2E厂房扩建用地指标迟迟未落实${stamp}`)
    await text(page, 'hotline-detail').fill('已申请三个月，仍未答复。')
    // the server judges the phone number and names the field
    let answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/hotline'))
    await page.getByTestId('hotline-submit').click()
    expect((await answered).status()).toBe(422)
    await expect(fieldError(page, 'hotline-contact_phone')).toContainText('联系电话')
    // past the per-address limit the wait is shown (the server's 429, simulated here)
    await page.route('**/api/v1/public/hotline', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请120秒后再试', field: null, params: null } }) }),
    )
    await text(page, 'hotline-contact_phone').fill('0514-87654321')
    await page.getByTestId('hotline-submit').click()
    await expect(page.getByTestId('hotline-limited')).toContainText('120秒后再试')
    await page.unroute('**/api/v1/public/hotline')
    answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/hotline'))
    await page.getByTestId('hotline-submit').click()
    expect((await answered).status()).toBe(201)
    await expect(page.getByTestId('hotline-receipt')).toBeVisible()
    const no = (await page.getByTestId('hotline-no').innerText()).trim()
    const code = (await page.getByTestId('hotline-code').innerText()).trim()
    expect(no).toMatch(/^\d{8}-\d{4}$/)
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    await page.screenshot({ path: 'artifacts/hotline-receipt.png' })
    // follow it by number and code: state and steps, no names
    await page.getByTestId('hotline-track-link').click()
    await expect(page).toHaveURL(new RegExp(`/track\\?no=${no}&code=${code}`))
    await waitReady(page, 'track-page')
    await expect(page.getByTestId('track-state')).toHaveAttribute('data-state', 'new')
    await expect(page.getByTestId('track-state')).toHaveText('待派单')
    await expect(page.getByTestId('track-result')).not.toContainText('王经理')
    await expect(page.getByTestId('track-result')).not.toContainText('87654321')
    // a wrong code finds nothing
    await page.goto(`/track?no=${no}&code=WRONGCODE`)
    await expect(page.getByTestId('track-error')).toContainText('未找到')

    // -- the service centre dispatches it to the land bureau (the routing rule's suggestion)
    const service = await apiAs('service')
    const found = await getJson<{ items: Ticket[]; total: number }>(service, `/api/v1/tickets?q=${no}`)
    expect(found.total).toBe(1)
    const id = found.items[0].id
    expect(found.items[0].suggested_department).toBe(land.id)
    await switchTo(page, 'service')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    await expect(page.getByTestId(`queue-row-${id}`)).toHaveAttribute('data-state', 'new')
    await page.getByTestId(`queue-open-${id}`).click()
    await waitReady(page, 'ticket-detail')
    expect(await actions(page)).toEqual(['dispatch', 'close_unresolved'])
    await expect(page.getByTestId('sla-panel')).toHaveAttribute('data-kind', 'idle')
    let t = await act(page, id, 'dispatch', async (dialog) => {
      await expect(dialog.getByTestId('action-department')).toContainText(land.name)
      await expect(dialog.getByTestId('action-suggested')).toContainText(land.name)
    })
    expect(t).toMatchObject({ state: 'dispatched', department_id: land.id })
    await expect(page.getByTestId('ticket-detail-state')).toHaveAttribute('data-state', 'dispatched')
    await expect(page.getByTestId('sla-panel')).toHaveAttribute('data-kind', 'running')
    await expect(page.getByTestId('sla-resolve-due')).not.toHaveText('-')
    await expect(page.getByTestId('sla-remaining')).toContainText('工作日')
    // the dispatcher may still close it unresolved; accepting is the department's
    await expect.poll(() => actions(page)).toEqual(['close_unresolved'])

    // -- the land bureau returns it: a reason is required
    await switchTo(page, 'dept_land')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    await expect(page.getByTestId(`queue-row-${id}`)).toBeVisible()
    await openTicket(page, id)
    expect(await actions(page)).toEqual(['accept', 'return'])
    await page.getByTestId('ticket-action-return').click()
    await expect(page.getByTestId('action-dialog')).toBeVisible()
    await page.getByTestId('action-submit').click()
    await expect(fieldError(page, 'action-reason')).toHaveText('请填写原因')
    await expect(page.getByTestId('action-dialog')).toBeVisible()
    await page.getByTestId('action-cancel').click()
    t = await act(page, id, 'return', async () => {
      await text(page, 'action-reason').fill('属人社局职责，请改派')
    })
    expect(t.state).toBe('returned')
    await expect(page.getByTestId('ticket-detail-state')).toHaveText('已退单')
    await expect(page.locator('[data-testid="history-item"][data-action="return"]')).toContainText('属人社局职责')

    // -- the service centre re-routes it to the HR bureau; someone acting first shows a refresh hint
    await switchTo(page, 'service')
    await openTicket(page, id)
    expect(await actions(page)).toEqual(['reroute', 'insist', 'close_unresolved'])
    await page.route(`**/api/v1/tickets/${id}/actions/reroute`, (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'TICKET_CHANGED', message: '工单已被他人处理，请刷新', field: 'state', params: null } }) }),
    )
    await page.getByTestId('ticket-action-reroute').click()
    await choose(page, 'action-department', hr.name)
    await page.getByTestId('action-submit').click()
    await expect(page.getByTestId('action-failure')).toContainText('刷新')
    await page.getByTestId('action-refresh').click()
    await expect(page.getByTestId('action-dialog')).toBeHidden()
    await waitReady(page, 'ticket-detail')
    await page.unroute(`**/api/v1/tickets/${id}/actions/reroute`)
    t = await act(page, id, 'reroute', async () => {
      await choose(page, 'action-department', hr.name)
    })
    expect(t).toMatchObject({ state: 'dispatched', department_id: hr.id })
    await expect(page.getByTestId('ticket-detail-department')).toHaveText(hr.name)

    // -- the HR bureau accepts and resolves it (a resolution is required)
    await page.context().clearCookies()
    await loginUi(page, hrUser, hrPassword)
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    await expect(page.getByTestId(`queue-row-${id}`)).toBeVisible()
    await openTicket(page, id)
    t = await act(page, id, 'accept')
    expect(t.state).toBe('accepted')
    await expect(page.getByTestId('ticket-detail-state')).toHaveAttribute('data-state', 'accepted')
    expect(await actions(page)).toEqual(expect.arrayContaining(['start', 'pause', 'resolve', 'return']))
    await page.getByTestId('ticket-action-resolve').click()
    await page.getByTestId('action-submit').click()
    await expect(fieldError(page, 'action-resolution')).toHaveText('请填写办理结果')
    await page.getByTestId('action-cancel').click()
    t = await act(page, id, 'resolve', async () => {
      await text(page, 'action-resolution').fill('已协调落实用工招聘专场，企业确认')
    })
    expect(t.state).toBe('resolved')
    await expect(page.getByTestId('sla-panel')).toHaveAttribute('data-kind', 'done')

    // -- the service centre calls back: solved, 5 stars → closed
    await switchTo(page, 'service')
    await openTicket(page, id)
    await expect(page.getByTestId('rating-card')).toBeVisible()
    await page.getByTestId('rating-submit').click()
    await expect(fieldError(page, 'rating-solved')).toBeVisible()
    await page.getByTestId('rating-solved').getByText('已解决', { exact: true }).click()
    await page.getByTestId('rating-stars').locator('.el-rate__item').nth(4).click()
    await text(page, 'rating-comment').fill('办理及时')
    const rated = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${id}/rating`))
    await page.getByTestId('rating-submit').click()
    expect((await rated).status()).toBe(200)
    await expect(page.getByTestId('ticket-detail-state')).toHaveAttribute('data-state', 'closed')
    await expect(page.getByTestId('ticket-detail-rating')).toHaveAttribute('data-satisfaction', '5')
    await expect(page.getByTestId('rating-card')).toHaveCount(0)
    const history = page.locator('[data-testid="history-item"]')
    // 提交, 派单, 退单, 改派, 签收, 办结, 评价
    await expect(history).toHaveCount(7)
    await page.screenshot({ path: 'artifacts/ticket-closed.png', fullPage: true })
    const final = await getJson<Ticket>(service, `/api/v1/tickets/${id}`)
    expect(final).toMatchObject({ state: 'closed', solved: true, satisfaction: 5 })
    await service.dispose()

    // -- the public page shows 已关闭
    await page.context().clearCookies()
    await page.goto(`/track?no=${no}&code=${code}`)
    await waitReady(page, 'track-page')
    await expect(page.getByTestId('track-state')).toHaveText('已关闭')
    await expect(page.getByTestId('track-step')).toHaveCount(7)
    await page.screenshot({ path: 'artifacts/track-closed.png', fullPage: true })
  })

  test('a visit by a cadre files a ticket that lands in the service queue; another cadre\'s recent visit is flagged', async ({ page }) => {
    const cadre = await apiAs('cadre')
    const links = (await getJson<{ items: { user_id: number; enterprise_id: number; enterprise: string }[] }>(cadre, '/api/v1/linkages')).items
    const mine = (await getJson<{ id: number }>(cadre, '/api/v1/me')).id
    const linked = links.filter((l) => l.user_id === mine)
    expect(linked.length, 'the demo cadre is linked to enterprises').toBeGreaterThan(0)
    const target = linked[0]
    await cadre.dispose()
    // someone else visited it a few days ago
    const admin = await apiAs('admin')
    const other = await admin.post('/api/v1/visits', {
      data: { enterprise_id: target.enterprise_id, visited_on: daysAgo(3), people_met: '总经理', findings: 'E2E 管理员走访：生产正常' },
    })
    expect(other.status(), await other.text()).toBe(201)
    await admin.dispose()

    await loginUi(page, 'cadre')
    await page.goto('/visits')
    await waitReady(page, 'visit-page')
    await page.getByTestId('visit-add').click()
    await expect(page.getByTestId('visit-dialog')).toBeVisible()
    await page.getByTestId('visit-field-enterprise').click()
    // the linked enterprises come first, under their own heading
    await expect(page.locator('.el-select-group__title:visible').first()).toHaveText('我挂钩的企业')
    const hint = page.waitForResponse((r) => r.url().includes('/api/v1/visits/hint'))
    await page.locator('.el-select-dropdown__item:visible', { hasText: target.enterprise }).first().click()
    await hint
    await expect(page.getByTestId('visit-others')).toContainText('近30日已有干部走访')
    await expect(page.getByTestId('visit-others')).toContainText('系统管理员')
    const stamp = Date.now() % 1_000_000
    await text(page, 'visit-field-people_met').fill('人事经理 李四')
    await text(page, 'visit-field-findings').fill('企业扩产，急需一线技术工人约80名。')
    await page.getByTestId('visit-field-with-problem').click()
    await choose(page, 'visit-problem-category', '用工')
    await text(page, 'visit-problem-title').fill(`E2E走访发现技术工人缺口${stamp}`)
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/visits' && r.request().method() === 'POST')
    await page.getByTestId('visit-submit').click()
    const res = await saved
    expect(res.status(), await res.text()).toBe(201)
    const created = (await res.json()) as { ticket_id: number; ticket_no: string; others_recently: unknown[] }
    expect(created.ticket_no).toBeTruthy()
    expect(created.others_recently.length).toBeGreaterThan(0)
    await expect(page.getByTestId('visit-result')).toHaveAttribute('data-ticket-no', created.ticket_no)
    await expect(page.getByTestId('visit-ticket-no')).toContainText(created.ticket_no)
    await page.screenshot({ path: 'artifacts/visit-ticket.png' })
    await page.getByTestId('visit-done').click()
    await waitReady(page, 'visit-page')
    await expect(page.getByTestId('visit-table')).toContainText(target.enterprise)

    // the service centre finds it waiting for dispatch
    await switchTo(page, 'service')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    const row = page.getByTestId(`queue-row-${created.ticket_id}`)
    await expect(row).toHaveAttribute('data-no', created.ticket_no)
    await expect(row).toHaveAttribute('data-state', 'new')
    await row.click()
    await waitReady(page, 'ticket-detail')
    await expect(page.getByTestId('ticket-detail-title')).toHaveText(`E2E走访发现技术工人缺口${stamp}`)
    await expect(page.getByTestId('ticket-detail-text')).toContainText('技术工人')
  })

  test('an enterprise account files with the simpler form, for itself', async ({ page }) => {
    await loginUi(page, 'ent_ja')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    await page.getByTestId('queue-add').click()
    await expect(page.getByTestId('ticket-form')).toBeVisible()
    await expect(page.getByTestId('ticket-field-channel')).toHaveCount(0)
    await expect(page.getByTestId('ticket-field-enterprise')).toHaveCount(0)
    await choose(page, 'ticket-field-category', '子女入学')
    const stamp = Date.now() % 1_000_000
    await text(page, 'ticket-field-title').fill(`E2E外籍技术骨干子女入学${stamp}`)
    await text(page, 'ticket-field-detail').fill('两名外籍工程师子女需就近入学。')
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tickets' && r.request().method() === 'POST')
    await page.getByTestId('ticket-submit').click()
    const res = await saved
    expect(res.status(), await res.text()).toBe(201)
    const t = (await res.json()) as Ticket & { channel: string; enterprise: string | null }
    expect(t.channel).toBe('enterprise')
    expect(t.enterprise).toContain('晶澳')
    await waitReady(page, 'ticket-detail')
    await expect(page.getByTestId('ticket-detail-no')).toHaveText(t.no)
  })

  test('the working calendar: a click marks a holiday (休) or a make-up day (班), saved per year', async ({ page }) => {
    await loginUi(page, 'service')
    await page.goto('/service/rules?tab=calendar&year=2030')
    await waitReady(page, 'work-calendar')
    // 2030-10-01 is a Tuesday, 2030-10-12 a Saturday
    const weekday = page.getByTestId('cal-day-2030-10-01')
    const saturday = page.getByTestId('cal-day-2030-10-12')
    const before = await getJson<{ holidays: string[]; workdays: string[] }>(page.request, '/api/v1/calendar/2030')
    const wasHoliday = before.holidays.includes('2030-10-01')
    await weekday.click()
    await expect(weekday).toHaveAttribute('data-kind', wasHoliday ? 'workday' : 'holiday')
    await saturday.click()
    await expect(saturday).toHaveAttribute('data-kind', before.workdays.includes('2030-10-12') ? 'weekend' : 'makeup')
    let saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/2030') && r.request().method() === 'PUT')
    await page.getByTestId('calendar-save').click()
    expect((await saved).status()).toBe(200)
    const after = await getJson<{ holidays: string[]; workdays: string[] }>(page.request, '/api/v1/calendar/2030')
    expect(after.holidays.includes('2030-10-01')).toBe(!wasHoliday)
    expect(after.workdays.includes('2030-10-12')).toBe(!before.workdays.includes('2030-10-12'))
    await page.screenshot({ path: 'artifacts/work-calendar.png', fullPage: true })
    // back as it was
    await page.reload()
    await waitReady(page, 'work-calendar')
    await weekday.click()
    await saturday.click()
    saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/calendar/2030') && r.request().method() === 'PUT')
    await page.getByTestId('calendar-save').click()
    expect((await saved).status()).toBe(200)
    const restored = await getJson<{ holidays: string[]; workdays: string[] }>(page.request, '/api/v1/calendar/2030')
    expect(restored.holidays.sort()).toEqual(before.holidays.sort())
    expect(restored.workdays.sort()).toEqual(before.workdays.sort())
  })

  test('a category added on the rules page is offered in the filing form; deactivated, it is not', async ({ page }) => {
    const stamp = Date.now() % 1_000_000
    const code = `e2e_water_${stamp}`
    const label = `E2E供水${stamp}`
    await loginUi(page, 'service')
    await page.goto('/service/rules?tab=categories')
    await expect(page.getByTestId('category-table')).toBeVisible()
    await expect(page.getByTestId('category-label-land')).toHaveText('用地')
    await text(page, 'category-add-code').fill(code)
    await text(page, 'category-add-label').fill(label)
    const added = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/ticket-categories' && r.request().method() === 'POST')
    await page.getByTestId('category-add-submit').click()
    expect((await added).status()).toBe(201)
    await expect(page.getByTestId(`category-label-${code}`)).toHaveText(label)
    await expect(page.getByTestId(`category-state-${code}`)).toHaveAttribute('data-active', 'true')
    await page.screenshot({ path: 'artifacts/ticket-categories.png', fullPage: true })

    // the filing form offers it (same session: the form's options were refreshed)
    await page.goto('/tickets')
    await page.getByTestId('ticket-add').click()
    await expect(page.getByTestId('ticket-form')).toBeVisible()
    await choose(page, 'ticket-field-category', label)
    await text(page, 'ticket-field-title').fill(`E2E园区停水${stamp}`)
    await text(page, 'ticket-field-detail').fill('企业来电反映园区停水。')
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tickets' && r.request().method() === 'POST')
    await page.getByTestId('ticket-submit').click()
    const res = await saved
    expect(res.status(), await res.text()).toBe(201)
    const filed = (await res.json()) as Ticket & { category: string; category_label: string }
    expect(filed.category).toBe(code)
    expect(filed.category_label).toBe(label)

    // deactivated: no longer offered, still the old ticket's label
    await page.goto('/service/rules?tab=categories')
    await expect(page.getByTestId(`category-deactivate-${code}`)).toBeVisible()
    await page.getByTestId(`category-deactivate-${code}`).click()
    await expect(page.getByTestId(`category-state-${code}`)).toHaveAttribute('data-active', 'false')
    await page.goto('/tickets')
    await page.getByTestId('ticket-add').click()
    await expect(page.getByTestId('ticket-form')).toBeVisible()
    await page.locator('[data-testid="ticket-field-category"]').first().click()
    await expect(page.locator('.el-select-dropdown__item:visible', { hasText: '用地' }).first()).toBeVisible()
    await expect(page.locator('.el-select-dropdown__item:visible', { hasText: label })).toHaveCount(0)
    const again = await getJson<{ category_label: string }>(page.request, `/api/v1/tickets/${filed.id}`)
    expect(again.category_label).toBe(label)
  })

  test('an attachment uploaded on a ticket\'s detail page is listed and downloads byte for byte', async ({ page }) => {
    const ja = await apiAs('ent_ja')
    const stamp = Date.now() % 1_000_000
    const created = await ja.post('/api/v1/tickets', { data: { category: 'land', title: `E2E二期用地红线图${stamp}`, detail: '附红线图。' } })
    expect(created.status(), await created.text()).toBe(201)
    const id = ((await created.json()) as Ticket).id
    await ja.dispose()
    // a 1×1 PNG
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
      'hex',
    )

    await loginUi(page, 'ent_ja')
    await openTicket(page, id)
    await expect(page.getByTestId('attachments')).toHaveAttribute('data-count', '0')
    // refused before sending: not an accepted type
    await page.getByTestId('attachment-input').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
    await expect(page.getByTestId('attachment-error')).toContainText('setup.exe')
    // refused by the server: text under a .pdf name (the bytes decide)
    let answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${id}/attachments`) && r.request().method() === 'POST')
    await page.getByTestId('attachment-input').setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('这不是PDF') })
    expect((await answered).status()).toBe(422)
    await expect(page.getByTestId('attachment-error')).toContainText('说明.pdf')
    // a real PNG: stored, listed, in the history
    answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${id}/attachments`) && r.request().method() === 'POST')
    await page.getByTestId('attachment-input').setInputFiles({ name: '用地红线图.png', mimeType: 'image/png', buffer: png })
    expect((await answered).status()).toBe(201)
    await expect(page.getByTestId('attachments')).toHaveAttribute('data-count', '1')
    await expect(page.getByTestId('attachment-table')).toContainText('用地红线图.png')
    await expect(page.getByTestId('attachment-table')).toContainText('晶澳')
    await expect(page.getByTestId('attachment-error')).toHaveCount(0)
    await expect(page.getByTestId('ticket-history')).toContainText('上传附件')
    await expect(page.getByTestId('ticket-history')).toContainText('用地红线图.png')
    await page.screenshot({ path: 'artifacts/ticket-attachments.png', fullPage: true })
    // the link downloads the same bytes, as an attachment the browser does not sniff
    const href = await page.locator('[data-testid^="attachment-link-"]').first().getAttribute('href')
    const res = await page.request.get(href!)
    expect(res.status()).toBe(200)
    expect(res.headers()['x-content-type-options']).toBe('nosniff')
    expect(res.headers()['content-disposition']).toContain('attachment')
    expect(Buffer.from(await res.body()).equals(png)).toBe(true)
  })

  test('the hotline form sends a file with the report; the service centre finds it on the ticket', async ({ page }) => {
    const stamp = Date.now() % 1_000_000
    await page.goto('/hotline')
    await expect(page.getByTestId('hotline-form')).toBeVisible()
    await text(page, 'hotline-company').fill(`E2E扬州某光电有限公司${stamp}`)
    await text(page, 'hotline-contact_name').fill('李经理')
    await text(page, 'hotline-contact_phone').fill('0514-87650000')
    await page.getByTestId('hotline-category').getByText('用地', { exact: true }).click()
    await text(page, 'hotline-title').fill(`E2E红线图与规划不符${stamp}`)
    await text(page, 'hotline-detail').fill('附红线图一份。')
    // a program is refused before sending; a PDF is kept for the report
    await page.getByTestId('hotline-file-input').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
    await expect(page.locator('.el-form-item__error', { hasText: 'tool.exe' })).toBeVisible()
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n')
    await page.getByTestId('hotline-file-input').setInputFiles({ name: '红线图.pdf', mimeType: 'application/pdf', buffer: pdf })
    await expect(page.getByTestId('hotline-file')).toHaveCount(1)
    const uploaded = page.waitForResponse((r) => /\/api\/v1\/public\/tickets\/[^/]+\/attachments/.test(r.url()))
    await page.getByTestId('hotline-submit').click()
    expect((await uploaded).status()).toBe(201)
    await expect(page.getByTestId('hotline-receipt')).toBeVisible()
    await expect(page.getByTestId('hotline-attached')).toContainText('红线图.pdf')
    const no = (await page.getByTestId('hotline-no').innerText()).trim()

    const service = await apiAs('service')
    const found = await getJson<{ items: Ticket[] }>(service, `/api/v1/tickets?q=${no}`)
    const files = await getJson<{ items: { file_name: string; uploader: string }[] }>(service, `/api/v1/tickets/${found.items[0].id}/attachments`)
    expect(files.items).toEqual([expect.objectContaining({ file_name: '红线图.pdf', uploader: '热线来电' })])
    await service.dispose()
  })

  test('the cockpit\'s service figures drill into lists whose totals are the figures', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/cockpit')
    const api = await getJson<{ figures: Figure[] }>(page.request, '/api/v1/cockpit')
    const byKey = new Map(api.figures.map((f) => [f.key, f]))
    const keys = ['tickets.open', 'tickets.overdue', 'tickets.resolved_on_time_rate', 'tickets.satisfaction_avg', 'visits.count', 'visits.coverage_rate']
    for (const k of keys) {
      expect(byKey.has(k), `the API returns ${k}`).toBe(true)
      // today's queues stand apart from the period's service figures
      const section = page.getByTestId(byKey.get(k)!.basis === 'today' ? 'cockpit-today-figures' : 'cockpit-service-figures')
      await expect(section.getByTestId(`figure-${k}`).getByTestId('figure-value')).toHaveAttribute('data-value', String(byKey.get(k)!.value))
    }
    await page.screenshot({ path: 'artifacts/cockpit-service.png', fullPage: true })

    // 在办诉求 → /tickets?open=true with as many rows as the figure
    const open = byKey.get('tickets.open')!
    expect(open.drill).toContain('/api/v1/tickets?')
    await page.getByTestId('figure-tickets.open').click()
    await expect(page).toHaveURL(/\/tickets\?.*open=true/)
    await waitReady(page, 'ticket-page')
    await expect(page.getByTestId('ticket-total')).toHaveAttribute('data-total', String(open.value))
    await expect(page.getByTestId('ticket-query-open').locator('.is-active')).toContainText('在办')

    // 超期诉求 → overdue rows, highlighted
    const overdue = byKey.get('tickets.overdue')!
    await page.goto('/cockpit')
    await page.getByTestId('figure-tickets.overdue').click()
    await expect(page).toHaveURL(/\/tickets\?.*overdue=true/)
    await waitReady(page, 'ticket-page')
    await expect(page.getByTestId('ticket-total')).toHaveAttribute('data-total', String(overdue.value))
    if (overdue.value > 0) {
      await expect(page.locator('[data-testid^="ticket-row-"][data-overdue="true"]').first()).toBeVisible()
      await expect(page.locator('.row-overdue').first()).toBeVisible()
      await page.screenshot({ path: 'artifacts/tickets-overdue.png' })
    }

    // 走访覆盖率 → the coverage report of the same quarter, same rate
    const coverage = byKey.get('visits.coverage_rate')!
    await page.goto('/cockpit')
    await page.getByTestId('figure-visits.coverage_rate').click()
    await expect(page).toHaveURL(/\/visits\/coverage\?.*quarter=/)
    await waitReady(page, 'coverage-page')
    await expect(page.getByTestId('coverage-rate')).toHaveAttribute('data-value', String(coverage.value))
  })
})
