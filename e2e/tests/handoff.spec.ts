import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { apiAs, getJson, loginUi, me, type Figure } from './helpers'

// Hand-offs that hold (decision 0035): the dispatch queue shows how long each ticket has waited
// for its dispatch (等待, red past the dispatch limit, the longest wait first on a click), the
// cockpit counts those past the limit, and a signed lead's detail says who creates its project.

interface Ticket {
  id: number
  no: string
  waiting_minutes: number | null
  dispatch_due_at: string | null
  dispatch_overdue: boolean | null
}

interface Lead {
  id: number
  project_owner: { level: string; unit: string; users: { id: number; name: string }[]; created: boolean; project_id: number | null } | null
}

async function waitReady(page: Page, testid: string): Promise<void> {
  await expect(page.locator(`[data-testid="${testid}"][data-state="ready"]`)).toHaveCount(1)
}

/** `days` calendar days ago at 10:00, zone time, as the filing form writes it. */
function daysAgo(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 - days * 86_400_000)
  return `${d.toISOString().slice(0, 10)} 10:00`
}

async function file(ctx: APIRequestContext, title: string, receivedAt?: string): Promise<Ticket> {
  const data: Record<string, string> = {
    channel: 'phone', category: 'land', priority: 'normal', title, detail: 'E2E 等待派单', contact_name: '李', contact_phone: '0514-87111111',
  }
  if (receivedAt) {
    data.received_at = receivedAt
    data.late_reason = 'E2E 补录'
  }
  const res = await ctx.post('/api/v1/tickets', { data })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()) as Ticket
}

test.describe('hand-offs', () => {
  test('the dispatch queue shows each wait, red past the limit, and sorts the longest wait first', async ({ page }) => {
    const service = await apiAs('service')
    const tag = Date.now() % 1_000_000
    // Received three weeks ago: far past four working hours, whatever today is.
    const old = await file(service, `E2E久候派单${tag}`, daysAgo(21))
    const fresh = await file(service, `E2E刚刚来电${tag}`)
    expect(old.dispatch_overdue).toBe(true)
    expect(old.waiting_minutes).toBeGreaterThan(240)
    expect(fresh.dispatch_overdue).toBe(false)
    expect(fresh.waiting_minutes).toBeLessThan(old.waiting_minutes!)

    await loginUi(page, 'service')
    await page.goto('/tickets/queue')
    await waitReady(page, 'queue-page')
    const oldWait = page.getByTestId(`queue-waiting-${old.id}`)
    await expect(oldWait).toHaveAttribute('data-overdue', 'true')
    await expect(oldWait).toHaveClass(/el-tag--danger/)
    await expect(page.getByTestId(`queue-waiting-${fresh.id}`)).toHaveAttribute('data-overdue', 'false')
    await expect(page.getByTestId('queue-dispatch-overdue')).toBeVisible()

    // one click on 等待: the longest wait first
    await page.getByTestId('queue-sort-waiting').click()
    const minutes = await page.locator('[data-testid="queue-table"] [data-testid^="queue-waiting-"]').evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-minutes'))),
    )
    expect(minutes.length).toBeGreaterThanOrEqual(2)
    expect(minutes).toEqual([...minutes].sort((a, b) => b - a))
    const order = await page.locator('[data-testid="queue-table"] a[data-testid^="queue-row-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid')),
    )
    expect(order.indexOf(`queue-row-${old.id}`)).toBeLessThan(order.indexOf(`queue-row-${fresh.id}`))
    await page.screenshot({ path: 'artifacts/queue-waiting.png', fullPage: true })

    // the cockpit's 超时未派单 is today's figure, and its drill lists as many
    const leader = await apiAs('leader')
    const cockpit = await getJson<{ figures: Figure[] }>(leader, '/api/v1/cockpit')
    const fig = cockpit.figures.find((f) => f.key === 'tickets.dispatch_overdue')!
    expect(fig.basis).toBe('today')
    expect(fig.value).toBeGreaterThanOrEqual(1)
    await page.context().clearCookies()
    await loginUi(page, 'leader')
    await page.goto('/cockpit')
    const card = page.getByTestId('cockpit-today-figures').getByTestId('figure-tickets.dispatch_overdue')
    await expect(card.getByTestId('figure-value')).toHaveAttribute('data-value', String(fig.value))
    await card.click()
    await expect(page).toHaveURL(/\/tickets\?.*dispatch_overdue=true/)
    await waitReady(page, 'ticket-page')
    await expect(page.getByTestId('ticket-total')).toHaveAttribute('data-total', String(fig.value))
    await expect(page.locator('[data-testid^="ticket-waiting-"][data-overdue="true"]').first()).toBeVisible()
    await service.dispose()
    await leader.dispose()
  })

  test('a signed lead says who creates its project, then links it', async ({ page }) => {
    const investor = await apiAs('investor')
    const park = await apiAs('park_auto')
    const parkMe = await me(park)
    const parks = await getJson<{ items: { id: number; name: string }[] }>(investor, '/api/v1/parks')
    const auto = parks.items.find((p) => p.name.includes('汽车')) ?? parks.items[0]
    const company = `E2E交接签约${Date.now() % 1_000_000}有限公司`
    const res = await investor.post('/api/v1/leads', {
      data: { company, source: 'expo', kind: 'new', intended_investment: 600_000_000, park_id: auto.id },
    })
    expect(res.status(), await res.text()).toBe(201)
    const lead = (await res.json()) as Lead
    for (const stage of ['contact', 'negotiation', 'signed']) {
      const moved = await investor.post(`/api/v1/leads/${lead.id}/move`, { data: { stage } })
      expect(moved.status(), await moved.text()).toBe(200)
    }
    const signed = await getJson<Lead>(investor, `/api/v1/leads/${lead.id}`)
    expect(signed.project_owner?.users.map((u) => u.id)).toContain(parkMe.id)

    await loginUi(page, 'investor')
    await page.goto(`/leads?q=${encodeURIComponent(company)}`)
    await waitReady(page, 'lead-page')
    await page.getByTestId(`lead-card-${lead.id}`).click()
    const handOff = page.getByTestId('lead-detail-handoff')
    await expect(handOff).toHaveAttribute('data-created', 'false')
    await expect(page.getByTestId('lead-detail-handoff-who')).toContainText('项目由')
    await expect(page.getByTestId('lead-detail-handoff-who')).toContainText(parkMe.display_name)
    await page.screenshot({ path: 'artifacts/lead-handoff.png' })

    // the park creates it: the investor's detail links the project
    const created = await park.post(`/api/v1/leads/${lead.id}/project`, { data: { category: 'advanced_manufacturing' } })
    expect(created.status(), await created.text()).toBe(201)
    const project = (await created.json()) as { id: number }
    await page.reload()
    await waitReady(page, 'lead-page')
    await page.getByTestId(`lead-card-${lead.id}`).click()
    await expect(page.getByTestId('lead-detail-handoff')).toHaveAttribute('data-created', 'true')
    await expect(page.getByTestId('lead-detail-handoff-project')).toHaveAttribute('href', `/projects/${project.id}`)
    await investor.dispose()
    await park.dispose()
  })
})
