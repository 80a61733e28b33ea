import { expect, test, type Page } from '@playwright/test'
import { apiAs, ARTIFACTS, field, getJson, PASSWORD } from './helpers'

/**
 * 一企一档: the enterprise page gathers its 诉求, projects, visits, linked cadres and leads from one
 * request, each tab within what the reader may read, with links to the records.
 */

interface Section {
  total: number
}
interface Dossier {
  enterprise: { id: number; name: string; park_id: number }
  tickets: (Section & { items: { id: number; no: string }[] }) | null
  projects: (Section & { items: { id: number; name: string }[] }) | null
  visits: (Section & { items: { id: number }[] }) | null
  cadres: (Section & { items: { name: string }[] }) | null
  leads: (Section & { items: { id: number }[] }) | null
}

const TABS = ['tickets', 'projects', 'visits', 'cadres', 'leads'] as const

/** Every refused or failed API answer, script error and console error from now on. */
function watch(page: Page): string[] {
  const failures: string[] = []
  page.on('response', (res) => {
    if (res.url().includes('/api/') && res.status() >= 400) failures.push(`${res.status()} ${res.request().method()} ${res.url()}`)
  })
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console error: ${m.text()}`)
  })
  return failures
}

async function login(page: Page, username: string): Promise<string[]> {
  await page.goto('/login')
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(PASSWORD)
  const failures = watch(page)
  await page.getByTestId('login-submit').click()
  await expect(page).not.toHaveURL(/\/login/)
  return failures
}

async function dossierReady(page: Page): Promise<void> {
  await expect(page.getByTestId('detail-tabs')).toHaveAttribute('data-dossier', 'ready')
}

/**
 * The enterprise page is no wider than the window: nothing of it sticks out sideways and it does
 * not scroll sideways itself (a wide table scrolls inside its own frame). The header above it is
 * the layout's, not this page's.
 */
async function noOverflow(page: Page, what: string): Promise<void> {
  const { right, scroll, client, inner } = await page.getByTestId('enterprise-detail').evaluate((el) => ({
    right: Math.round(el.getBoundingClientRect().right),
    scroll: el.scrollWidth,
    client: el.clientWidth,
    inner: window.innerWidth,
  }))
  expect(right, `${what}: the page ends at ${right} px in a ${inner} px window`).toBeLessThanOrEqual(inner)
  expect(scroll, `${what}: the page is ${scroll} px wide in ${client} px`).toBeLessThanOrEqual(client)
}

test.describe('一企一档', () => {
  test('the leader reads every section of 晶澳 and opens its records', async ({ page }) => {
    // 晶澳 has 诉求, a project and a lead in the demo; the cadre is linked to it here and visits it,
    // and one more lead is linked, so every tab has rows.
    const leaderApi = await apiAs('leader')
    const found = await getJson<{ items: { id: number }[] }>(leaderApi, '/api/v1/enterprises?q=jayz')
    const id = found.items[0].id
    const admin = await apiAs('admin')
    const cadre = await apiAs('cadre')
    const cadreId = (await getJson<{ id: number }>(cadre, '/api/v1/me')).id
    const linked = await admin.post('/api/v1/linkages', { data: { user_id: cadreId, enterprise_id: id } })
    expect(linked.status(), await linked.text()).toBe(201)
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const visited = await cadre.post('/api/v1/visits', {
      data: { enterprise_id: id, visited_on: today, people_met: '总经理', findings: '新产线调试顺利，暂无新诉求' },
    })
    expect(visited.status(), await visited.text()).toBe(201)
    await cadre.dispose()
    const before = await getJson<Dossier>(leaderApi, `/api/v1/enterprises/${id}/dossier`)
    const res = await admin.post('/api/v1/leads', {
      data: { company: before.enterprise.name, kind: 'expansion', intended_investment: 200000000, park_id: before.enterprise.park_id,
        contact_name: '周经理', contact_phone: '13900000011', enterprise_id: id },
    })
    expect(res.status(), await res.text()).toBe(201)
    const leadId = ((await res.json()) as { id: number }).id
    await admin.dispose()
    const d = await getJson<Dossier>(leaderApi, `/api/v1/enterprises/${id}/dossier`)
    await leaderApi.dispose()
    for (const tab of TABS) expect(d[tab]!.total, `晶澳 has ${tab}`).toBeGreaterThan(0)

    const failures = await login(page, 'leader')
    await page.goto(`/enterprises/${id}`)
    await expect(page.getByTestId('detail-name')).toHaveText(d.enterprise.name)
    await dossierReady(page)

    for (const tab of TABS) {
      const head = page.locator(`#tab-${tab}`)
      await expect(head, `${tab} tab`).toBeVisible()
      await head.click()
      const pane = page.getByTestId(`dossier-${tab}`)
      await expect(pane).toBeVisible()
      await expect(pane.locator('.el-table__body tbody tr').first(), `${tab} has rows`).toBeVisible()
      await noOverflow(page, tab)
      await page.screenshot({ path: `${ARTIFACTS}dossier-${tab}-1440.png`, fullPage: true })
    }
    // the tab says how many; the leads tab shows the lead just linked, by its company
    await expect(page.locator('#tab-tickets')).toContainText(`(${d.tickets!.total})`)
    await expect(page.getByTestId(`dossier-lead-${leadId}`)).toHaveText(d.enterprise.name)

    // Figures with something behind them are shown (the next test has those without).
    await page.locator('#tab-projects').click()
    await expect(page.getByTestId('dossier-projects').getByTestId('dossier-figure-investment')).toContainText('元')

    // The ticket number opens the ticket, the project name the project.
    await page.locator('#tab-tickets').click()
    const ticket = d.tickets!.items[0]
    await page.getByTestId(`dossier-ticket-${ticket.id}`).click()
    await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`))
    await expect(page.getByText(ticket.no).first()).toBeVisible()
    await page.goBack()
    await dossierReady(page)
    await page.locator('#tab-projects').click()
    const project = d.projects!.items[0]
    await page.getByTestId(`dossier-project-${project.id}`).click()
    await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`))

    // On a phone: nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`/enterprises/${id}`)
    await dossierReady(page)
    for (const tab of TABS) {
      await page.locator(`#tab-${tab}`).click()
      await expect(page.getByTestId(`dossier-${tab}`)).toBeVisible()
      await noOverflow(page, `${tab} at 390 px`)
    }
    await page.screenshot({ path: `${ARTIFACTS}dossier-phone-390.png`, fullPage: true })
    await expect(page.locator('.el-message--error')).toHaveCount(0)
    expect(failures, 'the leader reading the dossier').toEqual([])
  })

  test('a fresh enterprise shows "—" for figures with nothing behind them', async ({ page }) => {
    const leaderApi = await apiAs('leader')
    // the enterprise of the zone with the fewest records: one with no project and no lead
    const list = await getJson<{ items: { id: number }[] }>(leaderApi, '/api/v1/enterprises?page_size=50&sort=id&order=desc')
    let empty: number | null = null
    for (const e of list.items) {
      const d = await getJson<Dossier>(leaderApi, `/api/v1/enterprises/${e.id}/dossier`)
      if (d.projects!.total === 0 && d.tickets!.total === 0) {
        empty = e.id
        break
      }
    }
    await leaderApi.dispose()
    expect(empty, 'an enterprise without projects or 诉求').not.toBeNull()
    const failures = await login(page, 'leader')
    await page.goto(`/enterprises/${empty}`)
    await dossierReady(page)
    await page.locator('#tab-projects').click()
    const projects = page.getByTestId('dossier-projects')
    await expect(projects.getByTestId('dossier-figure-investment')).toHaveText(/—/)
    await expect(projects.getByTestId('dossier-figure-total')).toContainText('0')
    await page.locator('#tab-tickets').click()
    await expect(page.getByTestId('dossier-tickets').getByTestId('dossier-figure-satisfaction')).toContainText('—')
    expect(failures).toEqual([])
  })

  test('the enterprise account opens its own page from the portal, no request refused', async ({ page }) => {
    const failures = await login(page, 'ent_ja')
    await expect(page.getByTestId('portal-page')).toHaveAttribute('data-state', 'ready')
    await page.waitForLoadState('networkidle')
    await page.getByTestId('portal-indicators').click()
    await expect(page).toHaveURL(/\/enterprises\/\d+$/)
    await expect(page.getByTestId('detail-name')).toContainText('晶澳')
    await dossierReady(page)
    // its 诉求 and projects; visits, cadres and leads are not its to read
    await expect(page.locator('#tab-tickets')).toBeVisible()
    await expect(page.locator('#tab-projects')).toBeVisible()
    for (const tab of ['visits', 'cadres', 'leads']) await expect(page.locator(`#tab-${tab}`)).toHaveCount(0)
    await page.locator('#tab-tickets').click()
    await expect(page.getByTestId('dossier-tickets').locator('.el-table__body tbody tr').first()).toBeVisible()
    await page.locator('#tab-projects').click()
    await expect(page.getByTestId('dossier-projects')).toBeVisible()
    await page.waitForLoadState('networkidle')
    await page.screenshot({ path: `${ARTIFACTS}dossier-ent_ja.png`, fullPage: true })
    await expect(page.locator('.el-message--error')).toHaveCount(0)
    expect(failures, "the enterprise account's own page").toEqual([])
  })
})
