import { expect, test, type Page } from '@playwright/test'
import { apiAs, field, getJson, loginUi, me, type Figure } from './helpers'

interface Stage {
  stage: string
  planned_on: string | null
  actual_on: string | null
  after: string[]
  state: string
}

interface Project {
  id: number
  name: string
  park_id: number
  park: string
  late: boolean
  late_stages: string[]
  stages: Stage[]
}

const DRILL = '/cockpit?from=2022-01-01&to=2022-08-31&category=advanced_manufacturing'

async function waitForPage(page: Page, testid: string): Promise<void> {
  await expect(page.locator(`[data-testid="${testid}"][data-state="ready"]`)).toHaveCount(1)
}

async function projectTotal(page: Page): Promise<number> {
  await waitForPage(page, 'project-page')
  return Number(await page.getByTestId('project-total').getAttribute('data-total'))
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

test.describe('projects', () => {
  test('the cockpit shows 51 signed advanced-manufacturing projects for Jan–Aug 2022 and drills to a list of 51', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto(DRILL)
    const api = await getJson<{ figures: Figure[] }>(page.request, `/api/v1${DRILL}`)
    const byKey = new Map(api.figures.map((f) => [f.key, f]))
    const signed = byKey.get('projects.signed.count')
    expect(signed?.value).toBe(51)
    // the article's other figures for the same period
    expect.soft(byKey.get('projects.signed.investment')?.value).toBe(59_800_000_000)
    expect.soft(byKey.get('projects.signed.band_100yi')?.value).toBe(2)
    expect.soft(byKey.get('projects.signed.band_50_100yi')?.value).toBe(3)

    const card = page.getByTestId('figure-projects.signed.count')
    await expect(card.getByTestId('figure-value')).toHaveAttribute('data-value', '51')
    await expect(card.getByTestId('figure-value')).toHaveText('51个')
    await expect(page.getByTestId('figure-projects.signed.investment').getByTestId('figure-value')).toHaveText(/亿元$/)
    for (const chart of ['funnel', 'park-board', 'monthly-signed']) {
      await expect(page.getByTestId(`chart-${chart}`).locator('canvas').first()).toBeVisible()
    }
    await page.waitForTimeout(800)
    await page.screenshot({ path: 'artifacts/cockpit-invest.png' })

    await card.click()
    await expect(page).toHaveURL(/\/projects\?/)
    const url = new URL(page.url())
    new URL(signed!.drill!, 'http://x').searchParams.forEach((v, k) => expect(url.searchParams.get(k), `drill parameter ${k}`).toBe(v))
    expect(url.searchParams.get('signed_from')).toBe('2022-01-01')
    expect(url.searchParams.get('signed_to')).toBe('2022-08-31')
    expect(url.searchParams.get('category')).toBe('advanced_manufacturing')
    expect(await projectTotal(page)).toBe(51)
    await expect(page.locator('[data-testid="project-table"] .el-table__body-wrapper tbody tr')).toHaveCount(20)

    // the band figures drill the same way
    for (const key of ['projects.signed.band_100yi', 'projects.signed.band_50_100yi']) {
      const f = byKey.get(key)
      if (!f?.drill) continue
      await page.goto(DRILL)
      await page.getByTestId(`figure-${key}`).click()
      await expect(page).toHaveURL(/band=/)
      expect(await projectTotal(page), `drill of ${key}`).toBe(f.value)
    }

    // the timeline of the page's projects
    await page.goto('/projects?signed_from=2022-01-01&signed_to=2022-08-31&category=advanced_manufacturing&view=gantt')
    await waitForPage(page, 'project-page')
    await expect(page.locator('[data-testid^="gantt-row-"]')).toHaveCount(20)
    await page.screenshot({ path: 'artifacts/project-gantt.png' })
  })

  test('recording the actual date of a late stage clears the project\'s 逾期 flag; an out-of-order date is refused at the field', async ({ page }) => {
    const writer = await (async () => {
      for (const u of ['admin', 'park_auto', 'investor', 'leader']) {
        const ctx = await apiAs(u)
        const m = await me(ctx)
        await ctx.dispose()
        if (m.permissions.includes('project:write')) return u
      }
      throw new Error('no demo account has project:write')
    })()
    const ctx = await apiAs(writer)
    const late = await getJson<{ items: Project[]; total: number }>(ctx, '/api/v1/projects?late=true&page_size=500')
    expect(late.total, 'the demo has late projects today').toBeGreaterThan(0)
    // one late stage whose prerequisites are done and whose followers are not: recording it clears the flag
    const pick = late.items
      .map((p) => {
        if (p.late_stages.length !== 1) return null
        const s = p.stages.find((x) => x.stage === p.late_stages[0])!
        const prereqs = p.stages.filter((x) => s.after.includes(x.stage))
        const followers = p.stages.filter((x) => x.after.includes(s.stage))
        if (prereqs.some((x) => !x.actual_on) || followers.some((x) => x.actual_on)) return null
        const latest = prereqs.map((x) => x.actual_on!).sort().at(-1)!
        return { project: p, stage: s.stage, latest }
      })
      .find((x) => x !== null)
    expect(pick, 'a late project with one late stage ready to record').toBeTruthy()
    const { project, stage, latest } = pick!
    // a date no server clock can call the future: yesterday (UTC), or the prerequisite's own date
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1)
    const actual = latest > yesterday ? latest : yesterday

    await loginUi(page, writer)
    await page.goto(`/projects/${project.id}`)
    await waitForPage(page, 'project-detail')
    await expect(page.getByTestId('project-detail-late')).toBeVisible()
    await expect(page.getByTestId(`stage-state-${stage}`)).toHaveAttribute('data-state', 'late')
    await expect(page.getByTestId(`stage-state-${stage}`)).toHaveText('逾期')

    // before its prerequisite: 422 STAGE_ORDER, shown under the actual date
    await page.getByTestId(`stage-edit-${stage}`).click()
    const input = field(page, `stage-actual-${stage}`)
    await input.fill(addDays(latest, -1))
    await input.press('Enter')
    let answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}/stages/${stage}`))
    await page.getByTestId(`stage-save-${stage}`).click()
    const refused = await answered
    expect(refused.status()).toBe(422)
    const error = ((await refused.json()) as { error: { code: string; message: string; field: string } }).error
    expect(error).toMatchObject({ code: 'STAGE_ORDER', field: 'actual_on' })
    const row = page.getByTestId(`stage-row-${stage}`)
    await expect(row.locator('.el-form-item__error')).toHaveText(error.message)
    await page.screenshot({ path: 'artifacts/project-stage-order.png' })

    // a good date: the stage is done and the project no longer late
    await input.fill(actual)
    await input.press('Enter')
    answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}/stages/${stage}`))
    await page.getByTestId(`stage-save-${stage}`).click()
    expect((await answered).status()).toBe(200)
    await expect(page.getByTestId(`stage-state-${stage}`)).toHaveAttribute('data-state', 'done')
    await expect(page.getByTestId(`stage-actual-value-${stage}`)).toHaveText(actual)
    await expect(page.getByTestId('project-detail-late')).toHaveCount(0)
    await page.screenshot({ path: 'artifacts/project-stage-recorded.png' })

    // and the late list no longer holds it
    await page.goto(`/projects?late=true&q=${encodeURIComponent(project.name)}`)
    await waitForPage(page, 'project-page')
    await expect(page.getByTestId(`project-row-${project.id}`)).toHaveCount(0)
    const again = await getJson<Project>(ctx, `/api/v1/projects/${project.id}`)
    expect(again.late).toBe(false)
    await ctx.dispose()
  })

  test('weekly progress and problems on a project', async ({ page }) => {
    await loginUi(page, 'admin')
    const list = await getJson<{ items: Project[] }>(page.request, '/api/v1/projects?page_size=1')
    test.skip(list.items.length === 0 || !(await me(page.request)).permissions.includes('project:write'), 'needs a project and project:write')
    const project = list.items[0]
    await page.goto(`/projects/${project.id}`)
    await waitForPage(page, 'project-detail')

    await page.getByRole('tab', { name: '周进展' }).click()
    const done = `E2E本周完成环评批复 ${Date.now() % 100000}`
    await page.locator('[data-testid="progress-done"] textarea, textarea[data-testid="progress-done"]').first().fill(done)
    await page.getByTestId('progress-submit').click()
    await expect(page.getByTestId('progress-list')).toContainText(done)

    await page.getByRole('tab', { name: /问题/ }).click()
    const title = `E2E施工用电增容 ${Date.now() % 100000}`
    await field(page, 'problem-title').fill(title)
    const created = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}/problems`) && r.request().method() === 'POST')
    await page.getByTestId('problem-submit').click()
    const problem = (await (await created).json()) as { id: number }
    await expect(page.getByTestId(`problem-status-${problem.id}`)).toHaveText('待解决')
    await page.getByTestId(`problem-toggle-${problem.id}`).click()
    await expect(page.getByTestId(`problem-status-${problem.id}`)).toHaveText('已解决')
  })
})

test.describe('data scope: park_auto never sees another park\'s projects', () => {
  test('not in the list, the timeline, a filter, a typed URL or a cockpit drill', async ({ page }) => {
    const leader = await apiAs('leader')
    const parks = await getJson<{ items: { id: number; name: string }[] }>(leader, '/api/v1/parks')
    const all = await getJson<{ items: Project[]; total: number }>(leader, '/api/v1/projects?page_size=500')
    await leader.dispose()
    const auto = parks.items.find((p) => p.name.includes('汽车'))!
    const others = all.items.filter((p) => p.park_id !== auto.id)
    expect(others.length, 'the leader sees projects of other parks').toBeGreaterThan(0)
    const otherIds = new Set(others.map((p) => p.id))
    const otherParks = parks.items.filter((p) => p.id !== auto.id)

    await loginUi(page, 'park_auto')
    const mine = await getJson<{ items: Project[]; total: number }>(page.request, '/api/v1/projects?page_size=500')
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.total).toBeLessThan(all.total)
    for (const p of mine.items) expect(p.park_id, `${p.name} in park_auto's list`).toBe(auto.id)

    await page.goto('/projects?page_size=100')
    expect(await projectTotal(page)).toBe(mine.total)
    const rows = await page.locator('[data-testid^="project-row-"]').evaluateAll((els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-testid')!.slice('project-row-'.length)), park: Number(e.getAttribute('data-park-id')) })),
    )
    expect(rows.length).toBe(Math.min(100, mine.total))
    for (const r of rows) {
      expect(otherIds.has(r.id), `row ${r.id} belongs to another park`).toBe(false)
      expect(r.park, `row ${r.id}'s park`).toBe(auto.id)
    }

    await page.goto('/projects?page_size=100&view=gantt')
    await waitForPage(page, 'project-page')
    const ganttIds = await page.locator('[data-testid^="gantt-row-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.slice('gantt-row-'.length))))
    for (const id of ganttIds) expect(otherIds.has(id)).toBe(false)

    const pv = otherParks.find((p) => p.name.includes('绿色光电')) ?? otherParks[0]
    await page.goto(`/projects?park=${pv.id}`)
    expect(await projectTotal(page)).toBe(0)

    for (const p of others.slice(0, 3)) {
      await page.goto(`/projects/${p.id}`)
      await expect(page.getByTestId('not-found')).toBeVisible()
      await expect(page.locator('body')).not.toContainText(p.name)
      expect((await page.request.get(`/api/v1/projects/${p.id}`)).status()).toBe(404)
    }

    await page.goto('/cockpit?from=2022-01-01&to=2022-08-31')
    const figures = await getJson<{ figures: Figure[] }>(page.request, '/api/v1/cockpit?from=2022-01-01&to=2022-08-31')
    const signed = figures.figures.find((f) => f.key === 'projects.signed.count')!
    await expect(page.getByTestId('figure-projects.signed.count').getByTestId('figure-value')).toHaveAttribute('data-value', String(signed.value))
    await page.getByTestId('figure-projects.signed.count').click()
    await expect(page).toHaveURL(/\/projects\?/)
    expect(await projectTotal(page)).toBe(signed.value)
    const drilled = await getJson<{ items: Project[] }>(page.request, `${signed.drill}&page_size=500`)
    for (const p of drilled.items) expect(p.park_id).toBe(auto.id)
  })
})
