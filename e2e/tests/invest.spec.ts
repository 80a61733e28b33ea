import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { apiAs, choose, getJson, loginUi, me, type Figure } from './helpers'

interface Lead {
  id: number
  company: string | null
  stage: string
  project_id: number | null
  masked: boolean
}

interface Row {
  rank: number
  id: number
  name: string
  signed_count: number
  signed_amount: number
}

/** The first demo account holding every one of `perms`. */
async function accountWithAll(perms: string[], candidates = ['investor', 'admin', 'park_auto', 'leader']): Promise<string> {
  for (const username of candidates) {
    const ctx = await apiAs(username)
    const m = await me(ctx)
    await ctx.dispose()
    if (perms.every((p) => m.permissions.includes(p))) return username
  }
  throw new Error(`no demo account has ${perms.join(', ')}`)
}

/** A new lead of the writer's, moved through the API to `stage` along the pipeline. */
async function freshLead(ctx: APIRequestContext, stage: 'lead' | 'negotiation', name: string): Promise<Lead> {
  const parks = await getJson<{ items: { id: number; name: string }[] }>(ctx, '/api/v1/parks')
  const park = parks.items.find((p) => p.name.includes('汽车')) ?? parks.items[0]
  const res = await ctx.post('/api/v1/leads', {
    data: { company: name, source: 'expo', kind: 'new', intended_investment: 1_250_000_000, park_id: park.id, notes: 'E2E' },
  })
  expect(res.status(), await res.text()).toBe(201)
  let lead = (await res.json()) as Lead
  expect(lead.stage).toBe('lead')
  if (stage === 'negotiation') {
    for (const to of ['contact', 'negotiation']) {
      const moved = await ctx.post(`/api/v1/leads/${lead.id}/move`, { data: { stage: to } })
      expect(moved.status(), await moved.text()).toBe(200)
      lead = (await moved.json()) as Lead
    }
  }
  return lead
}

async function waitForPage(page: Page, testid: string): Promise<void> {
  await expect(page.locator(`[data-testid="${testid}"][data-state="ready"]`)).toHaveCount(1)
}

test.describe('招商线索 pipeline', () => {
  let writer = 'investor'

  test.beforeAll(async () => {
    writer = await accountWithAll(['lead:write', 'project:write'])
  })

  test('drag a lead from 洽谈 to 签约, create its project, and find it in the project list', async ({ page }) => {
    const ctx = await apiAs(writer)
    const company = `E2E新能源电池项目${Date.now() % 1_000_000}`
    const lead = await freshLead(ctx, 'negotiation', company)

    await loginUi(page, writer)
    // the whole board first: a column per stage, with the counts the API gives
    await page.goto('/leads')
    await waitForPage(page, 'lead-page')
    const pipeline = await getJson<{ columns: { stage: string; count: number }[] }>(ctx, '/api/v1/leads/pipeline')
    expect(pipeline.columns.map((c) => c.stage)).toEqual(['lead', 'contact', 'negotiation', 'signed', 'lost'])
    for (const c of pipeline.columns) await expect(page.getByTestId(`pipeline-col-${c.stage}`)).toHaveAttribute('data-count', String(c.count))
    await page.screenshot({ path: 'artifacts/lead-pipeline.png' })

    await page.goto(`/leads?q=${encodeURIComponent(company)}`)
    await waitForPage(page, 'lead-page')
    const negotiation = page.getByTestId('pipeline-col-negotiation')
    const signed = page.getByTestId('pipeline-col-signed')
    const card = page.getByTestId(`lead-card-${lead.id}`)
    await expect(negotiation.getByTestId(`lead-card-${lead.id}`)).toBeVisible()
    await expect(card).toContainText('12.50亿元')

    await card.dragTo(signed)
    // the date (and, for a move that needs one, the reason) is asked for
    const dialog = page.getByTestId('move-dialog')
    await expect(dialog).toBeVisible()
    const moved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${lead.id}/move`) && r.request().method() === 'POST')
    await page.getByTestId('move-submit').click()
    expect((await moved).status()).toBe(200)
    await expect(signed.getByTestId(`lead-card-${lead.id}`)).toBeVisible()
    await expect(negotiation.getByTestId(`lead-card-${lead.id}`)).toHaveCount(0)

    // moving to 签约 offers to create the project, prefilled from the lead
    await expect(page.getByTestId('signed-offer')).toBeVisible()
    await page.getByTestId('offer-create-project').click()
    const form = page.getByTestId('project-form')
    await expect(form).toBeVisible()
    await expect(page.locator('input[data-testid="project-field-name"], [data-testid="project-field-name"] input').first()).toHaveValue(company)
    await expect(page.locator('input[data-testid="project-field-investment"], [data-testid="project-field-investment"] input').first()).toHaveValue('12.5')
    await choose(page, 'project-field-category', '先进制造业')
    const created = page.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${lead.id}/project`) && r.request().method() === 'POST')
    await page.getByTestId('project-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    const project = (await res.json()) as { id: number; name: string; lead_id: number; investment: number; category: string }
    expect(project).toMatchObject({ name: company, lead_id: lead.id, investment: 1_250_000_000, category: 'advanced_manufacturing' })
    await expect(page.getByTestId('project-dialog')).toBeHidden()
    await page.screenshot({ path: 'artifacts/lead-pipeline-signed.png' })

    const after = await getJson<Lead>(ctx, `/api/v1/leads/${lead.id}`)
    expect(after).toMatchObject({ stage: 'signed', project_id: project.id })
    const history = await getJson<{ items: { from: string | null; to: string }[] }>(ctx, `/api/v1/leads/${lead.id}/history`)
    expect(history.items.at(-1)).toMatchObject({ from: 'negotiation', to: 'signed' })

    // the project is in the project list
    await page.goto(`/projects?q=${encodeURIComponent(company)}`)
    await waitForPage(page, 'project-page')
    await expect(page.getByTestId('project-total')).toHaveAttribute('data-total', '1')
    await expect(page.getByTestId(`project-row-${project.id}`)).toHaveText(company)
    await page.getByTestId(`project-row-${project.id}`).click()
    await expect(page.getByTestId('project-detail-name')).toHaveText(company)
    await expect(page.getByTestId('stage-state-signed')).toHaveAttribute('data-state', 'done')
    await ctx.dispose()
  })

  test('a move the server refuses shows its message and the card goes back', async ({ page }) => {
    const ctx = await apiAs(writer)
    const company = `E2E拒绝移动测试${Date.now() % 1_000_000}`
    const lead = await freshLead(ctx, 'lead', company)
    // the server's own words for 线索 → 签约 (one step forward only)
    const refused = await ctx.post(`/api/v1/leads/${lead.id}/move`, { data: { stage: 'signed' } })
    expect(refused.status()).toBe(422)
    const message = ((await refused.json()) as { error: { code: string; message: string } }).error
    expect(message.code).toBe('LEAD_MOVE_NOT_ALLOWED')

    await loginUi(page, writer)
    await page.goto(`/leads?q=${encodeURIComponent(company)}`)
    await waitForPage(page, 'lead-page')
    const card = page.getByTestId(`lead-card-${lead.id}`)
    await expect(page.getByTestId('pipeline-col-lead').getByTestId(`lead-card-${lead.id}`)).toBeVisible()
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${lead.id}/move`))
    await card.dragTo(page.getByTestId('pipeline-col-signed'))
    expect((await answered).status()).toBe(422)
    await expect(page.locator('.el-message--error').filter({ hasText: message.message })).toBeVisible()
    await expect(page.getByTestId('pipeline-col-lead').getByTestId(`lead-card-${lead.id}`)).toBeVisible()
    await expect(page.getByTestId('pipeline-col-signed').getByTestId(`lead-card-${lead.id}`)).toHaveCount(0)
    expect((await getJson<Lead>(ctx, `/api/v1/leads/${lead.id}`)).stage).toBe('lead')

    await ctx.delete(`/api/v1/leads/${lead.id}`)
    await ctx.dispose()
  })
})

/**
 * Rows out of the rule: amount desc, then count desc (or the reverse for `count`), then the name
 * in 拼音 order (checked by the API tests; here equal rows are only counted). Every row has its
 * own rank; only rows with the same count, amount and name share one.
 */
function outOfOrder(rows: Row[], by: 'amount' | 'count'): string | null {
  const key = (r: Row) => (by === 'amount' ? [r.signed_amount, r.signed_count] : [r.signed_count, r.signed_amount])
  for (let i = 1; i < rows.length; i++) {
    const [a1, a2] = key(rows[i - 1])
    const [b1, b2] = key(rows[i])
    if (a1 < b1 || (a1 === b1 && a2 < b2)) return `${rows[i - 1].name} before ${rows[i].name}`
    const same = a1 === b1 && a2 === b2 && rows[i - 1].name === rows[i].name
    const rank = same ? rows[i - 1].rank : i + 1
    if (rows[i].rank !== rank) return `rank of ${rows[i].name} is ${rows[i].rank}, not ${rank}`
  }
  return null
}

async function readBoard(page: Page): Promise<{ rule: string; by: string; rows: Row[] }> {
  await waitForPage(page, 'leaderboard-page')
  const rule = (await page.getByTestId('leaderboard-rule').innerText()).trim()
  const by = (await page.getByTestId('leaderboard-rule').getAttribute('data-by')) ?? ''
  const rows = await page.getByTestId('leaderboard-row').evaluateAll((els) =>
    els.map((e) => ({
      rank: Number(e.getAttribute('data-rank')),
      id: 0,
      name: e.getAttribute('data-name') ?? '',
      signed_count: Number(e.getAttribute('data-count')),
      signed_amount: Number(e.getAttribute('data-amount')),
    })),
  )
  return { rule, by, rows }
}

test.describe('月度竞赛 leaderboard', () => {
  test('ranks by the rule shown above it, by amount and by count, for parks and people', async ({ page }) => {
    const reader = await accountWithAll(['lead:read'], ['leader', 'investor', 'admin'])
    await loginUi(page, reader)
    await page.goto('/leaderboard?month=2022-08&subject=park&by=amount')
    let board = await readBoard(page)
    // the rule named first decides: 金额 → amount
    expect(board.rule).toMatch(/^按签约金额/)
    expect(board.rule).toContain('再相同按名称拼音顺序')
    expect(board.by).toBe('amount')
    expect(board.rows.length, 'every park is on the park board').toBeGreaterThan(1)
    expect(board.rows.some((r) => r.signed_amount > 0), 'August 2022 has signings').toBe(true)
    expect(outOfOrder(board.rows, 'amount')).toBeNull()
    const api = await getJson<{ rule: string; rows: Row[] }>(page.request, '/api/v1/invest/leaderboard?month=2022-08&subject=park&by=amount')
    expect(board.rule).toBe(api.rule)
    expect(board.rows.map((r) => r.name)).toEqual(api.rows.map((r) => r.name))
    await page.screenshot({ path: 'artifacts/leaderboard.png' })

    await page.getByTestId('leaderboard-by-count').click()
    await expect(page.getByTestId('leaderboard-rule')).toHaveAttribute('data-by', 'count')
    board = await readBoard(page)
    expect(board.rule).toMatch(/^按签约个数/)
    expect(outOfOrder(board.rows, 'count')).toBeNull()

    await page.getByTestId('leaderboard-subject-user').click()
    await expect(page).toHaveURL(/subject=user/)
    board = await readBoard(page)
    expect(outOfOrder(board.rows, board.rule.startsWith('按签约个数') ? 'count' : 'amount')).toBeNull()
  })
})

test.describe('招商活动 in the cockpit', () => {
  test('the trips figure of 2021-09-01..2022-08-31 drills to an activity list of the same size', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/cockpit?from=2021-09-01&to=2022-08-31')
    const api = await getJson<{ figures: Figure[] }>(page.request, '/api/v1/cockpit?from=2021-09-01&to=2022-08-31')
    const trips = api.figures.find((f) => f.key === 'invest.trips')
    expect(trips, 'the cockpit has invest.trips').toBeTruthy()
    expect.soft(trips!.value, 'the article: 716 outbound trips').toBe(716)
    const card = page.getByTestId('figure-invest.trips')
    await expect(card.getByTestId('figure-value')).toHaveAttribute('data-value', String(trips!.value))
    await card.click()
    await expect(page).toHaveURL(/\/activities\?/)
    const url = new URL(page.url())
    new URL(trips!.drill!, 'http://x').searchParams.forEach((v, k) => expect(url.searchParams.get(k), `drill parameter ${k}`).toBe(v))
    await waitForPage(page, 'activity-page')
    await expect(page.getByTestId('activity-total')).toHaveAttribute('data-total', String(trips!.value))
    await expect(page.getByTestId('stats-trips')).toHaveAttribute('data-value', String(trips!.value))
  })
})

test.describe('招商活动, weekly plans and targets', () => {
  test('the month calendar shows the month\'s activities per day, as the API lists them', async ({ page }) => {
    await loginUi(page, 'leader')
    const api = await getJson<{ items: { start_on: string }[]; total: number }>(page.request, '/api/v1/activities?from=2022-08-01&to=2022-08-31&page_size=500')
    expect(api.total).toBeGreaterThan(0)
    await page.goto('/activities?view=calendar&month=2022-08')
    await waitForPage(page, 'activity-page')
    await expect(page.getByTestId('activity-calendar')).toHaveAttribute('data-month', '2022-08')
    const perDay = new Map<string, number>()
    for (const a of api.items) perDay.set(a.start_on, (perDay.get(a.start_on) ?? 0) + 1)
    for (const [day, n] of [...perDay.entries()].slice(0, 10)) {
      await expect(page.getByTestId(`calendar-day-${day}`)).toHaveAttribute('data-count', String(n))
    }
    await page.screenshot({ path: 'artifacts/activity-calendar.png' })
    await page.getByTestId('activity-view-list').click()
    await waitForPage(page, 'activity-page')
    await expect(page.getByTestId('activity-table')).toBeVisible()
  })

  test('an investor saves this week\'s plan and sees its completion', async ({ page }) => {
    const writer = await accountWithAll(['lead:write'], ['investor', 'park_auto', 'admin'])
    await loginUi(page, writer)
    await page.goto('/weekly-plans')
    await waitForPage(page, 'weekly-page')
    const mine = page.getByTestId('weekly-mine')
    await expect(mine).toBeVisible()
    // start from one empty item whatever the week held
    while ((await mine.locator('[data-testid^="weekly-item-text-"]').count()) > 1) {
      await mine.locator('.item .el-button').last().click()
    }
    await page.locator('[data-testid="weekly-item-text-0"] input, input[data-testid="weekly-item-text-0"]').first().fill('拜访宁德某电池企业，洽谈扩产')
    await page.getByTestId('weekly-add-item').click()
    await page.locator('[data-testid="weekly-item-text-1"] input, input[data-testid="weekly-item-text-1"]').first().fill('接待深圳客商考察汽车零部件园')
    // the first item done (the week may already have held it, done or not)
    const done0 = page.getByTestId('weekly-item-done-0')
    if (!/is-checked/.test((await done0.getAttribute('class')) ?? '')) await done0.click()
    await expect(done0).toHaveClass(/is-checked/)
    const saved = page.waitForResponse((r) => /\/api\/v1\/weekly-plans\/\d{4}-\d{2}-\d{2}$/.test(r.url()) && r.request().method() === 'PUT')
    await page.getByTestId('weekly-save').click()
    const res = await saved
    expect(res.status(), await res.text()).toBe(200)
    expect(await res.json()).toMatchObject({ done: 1, total: 2 })
    await expect(page.getByTestId('weekly-my-rate')).toHaveAttribute('data-done', '1')
    await expect(page.getByTestId('weekly-my-rate')).toHaveAttribute('data-total', '2')
  })

  test('targets show actual against target for the period', async ({ page }) => {
    await loginUi(page, 'leader')
    const api = await getJson<{ items: { id: number; actual: { signed_count: number } }[] }>(page.request, '/api/v1/invest/targets?period=2022')
    await page.goto('/targets?period=2022')
    await waitForPage(page, 'target-page')
    await expect(page.locator('[data-testid="target-table"] .el-table__body-wrapper tbody tr')).toHaveCount(api.items.length)
    for (const tg of api.items.slice(0, 5)) {
      await expect(page.getByTestId(`target-${tg.id}-signed_count`)).toHaveAttribute('data-actual', String(tg.actual.signed_count))
    }
    await page.screenshot({ path: 'artifacts/targets.png' })
  })
})
