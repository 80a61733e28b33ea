import { expect, request, type APIRequestContext, type Locator, type Page } from '@playwright/test'

export const PASSWORD = 'Demo@2022'
export const BASE_URL = process.env.ZONEOPS_URL ?? 'http://127.0.0.1:8080'
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname

export interface Me {
  id: number
  username: string
  display_name: string
  roles: string[]
  permissions: string[]
  scope: { kind: string; parks?: number[] }
}

export interface Figure {
  key: string
  label: string
  value: number
  unit: string
  drill?: string | null
  /** what the value covers: the year, the period, or today (no 同比) */
  basis?: 'year' | 'period' | 'today'
}

/** The input of an el-input marked with data-testid (the attribute lands on the <input>). */
export function field(page: Page, testid: string): Locator {
  return page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first()
}

/** Signs in through the login form and waits to leave it. */
export async function loginUi(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login')
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page).not.toHaveURL(/\/login/)
}

/** An API client signed in as `username` (its own cookie jar). */
export async function apiAs(username: string, password = PASSWORD): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: BASE_URL })
  const res = await ctx.post('/api/v1/auth/login', { data: { username, password } })
  expect(res.status(), `API login as ${username}`).toBe(200)
  return ctx
}

export async function getJson<T>(ctx: APIRequestContext, path: string): Promise<T> {
  const res = await ctx.get(path)
  expect(res.ok(), `${path} → ${res.status()} ${await res.text().catch(() => '')}`).toBeTruthy()
  return (await res.json()) as T
}

export async function me(ctx: APIRequestContext): Promise<Me> {
  return getJson<Me>(ctx, '/api/v1/me')
}

/** The first demo account holding `perm`. */
export async function accountWith(perm: string, candidates = ['admin', 'park_auto', 'leader', 'dept_land']): Promise<string> {
  for (const username of candidates) {
    const ctx = await apiAs(username)
    const m = await me(ctx)
    await ctx.dispose()
    if (m.permissions.includes(perm)) return username
  }
  throw new Error(`no demo account has ${perm}`)
}

/** Picks an option of an el-select (marked with data-testid) by its visible text. */
export async function choose(page: Page, testid: string, text: string | RegExp, search?: string): Promise<void> {
  const select = page.locator(`[data-testid="${testid}"]`).first()
  await select.click()
  if (search !== undefined) {
    await page.keyboard.type(search)
  }
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await option.click()
  // Let the dropdown finish closing: while it fades out its options still count as visible, and
  // the next choose() could pick this dropdown's option instead of its own (a single select
  // closes within the wait; a multiple one stays open, which is fine).
  await option.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined)
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function checkChar(code17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code17[i]) * WEIGHTS[i]
  return ALPHABET[(31 - (sum % 31)) % 31]
}

/** A valid credit code no test has used: region of Yangzhou, a random organisation code. */
export function freshCreditCode(): string {
  let org = ''
  for (let i = 0; i < 9; i++) org += String(Math.floor(Math.random() * 10))
  const code17 = `91321091${org}`
  return code17 + checkChar(code17)
}

/** The same code with a wrong check character. */
export function withWrongCheck(code: string): string {
  const right = code[17]
  const wrong = ALPHABET.split('').find((c) => c !== right && /[A-Z]/.test(c)) ?? 'X'
  return code.slice(0, 17) + wrong
}

export async function rowsOnPage(page: Page): Promise<number> {
  return page.locator('[data-testid="enterprise-table"] .el-table__body-wrapper tbody tr').count()
}

/** Counts the rows of the enterprise list by walking its pages. */
export async function countAllRows(page: Page): Promise<number> {
  await waitForList(page)
  let count = 0
  for (let guard = 0; guard < 200; guard++) {
    count += await rowsOnPage(page)
    const next = page.locator('[data-testid="enterprise-pagination"] .btn-next')
    if (await next.isDisabled()) break
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/enterprises')
    await next.click()
    await answered
    await waitForList(page)
  }
  return count
}

/** Waits until the enterprise list shown is the one the page asked for; returns its total. */
export async function waitForList(page: Page): Promise<number> {
  await expect(page.locator('[data-testid="enterprise-page"][data-state="ready"]')).toHaveCount(1)
  return Number(await page.getByTestId('enterprise-total').getAttribute('data-total'))
}

/** Clicks 搜索 on the enterprise list and waits for the answer; returns the total. */
export async function searchList(page: Page): Promise<number> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/enterprises' && r.request().method() === 'GET')
  await page.getByTestId('query-submit').click()
  await answered
  return waitForList(page)
}

/** Creates an enterprise through the API (a park and an industry class of the demo) and returns it. */
export async function createEnterprise(
  ctx: APIRequestContext,
  data: { name: string; credit_code?: string; address?: string },
): Promise<{ id: number; name: string; credit_code: string }> {
  const parks = await getJson<{ items: { id: number; name: string }[] }>(ctx, '/api/v1/parks')
  const park = parks.items.find((p) => p.name.includes('汽车')) ?? parks.items[0]
  const industries = await getJson<{ items: { code: string }[] }>(ctx, `/api/v1/industries?level=class&q=${encodeURIComponent('汽车')}`)
  const res = await ctx.post('/api/v1/enterprises', {
    data: { credit_code: data.credit_code ?? freshCreditCode(), name: data.name, park_id: park.id, industry_code: industries.items[0]?.code ?? '3670', address: data.address },
  })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()) as { id: number; name: string; credit_code: string }
}
