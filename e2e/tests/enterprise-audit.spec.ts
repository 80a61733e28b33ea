import { expect, test } from '@playwright/test'
import { apiAs, getJson, loginUi, me } from './helpers'

// An enterprise reads what was changed on its own record, and when — but not which member of
// staff did it, from which address, nor the full before/after snapshots (decision 0017).
test('the enterprise account sees its change record without staff names or addresses', async ({ page }) => {
  const ja = await apiAs('ent_ja')
  const own = await me(ja)
  expect(own.scope.kind).toBe('enterprise')
  const id = (own.scope as { enterprise?: number }).enterprise
  expect(id, 'ent_ja is pinned to one enterprise').toBeTruthy()

  // A member of staff of the enterprise's park changes the record.
  const staff = await apiAs('park_pv')
  const staffMe = await me(staff)
  const address = `扬州市经济技术开发区施井路${Date.now() % 1000}号`
  const res = await staff.patch(`/api/v1/enterprises/${id}`, { data: { address } })
  expect(res.status(), await res.text()).toBe(200)

  // The API already withholds them …
  const trail = await getJson<{ items: { actor: string; ip: string; before: unknown; after: unknown }[] }>(
    ja,
    `/api/v1/enterprises/${id}/audit`,
  )
  expect(trail.items.length).toBeGreaterThan(0)
  for (const e of trail.items) {
    expect(e.actor).not.toBe(staffMe.username)
    expect(e.ip ?? '').toBe('')
    expect(e.before ?? null).toBeNull()
    expect(e.after ?? null).toBeNull()
  }

  // … and the page shows the change as made by 园区工作人员, with no name or address of staff.
  await loginUi(page, 'ent_ja')
  await page.goto(`/enterprises/${id}`)
  await page.getByRole('tab', { name: '变更记录' }).click()
  const table = page.getByTestId('audit-trail')
  await expect(table).toContainText('园区工作人员')
  const text = await table.innerText()
  expect(text).not.toContain(staffMe.username)
  expect(text).not.toContain(staffMe.display_name)
  expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/)
  expect(text).not.toContain(address)

  // The park's own staff still read the full record of their change.
  const full = await getJson<{ items: { actor: string; after: unknown }[] }>(staff, `/api/v1/enterprises/${id}/audit`)
  expect(full.items.some((e) => e.actor === staffMe.username && e.after !== null)).toBeTruthy()
  await ja.dispose()
  await staff.dispose()
})
