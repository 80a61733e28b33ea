import { expect, test } from '@playwright/test'
import { field, loginUi, PASSWORD } from './helpers'

// The account locked here is used by no other spec.
const VICTIM = 'investor'

test('five failed logins lock the account; the login page says until when; the security administrator unlocks it', async ({ page }) => {
  await page.goto('/login')
  const error = page.getByTestId('login-error')
  let locked = false
  for (let attempt = 1; attempt <= 6 && !locked; attempt++) {
    await field(page, 'login-username').fill(VICTIM)
    await field(page, 'login-password').fill(`wrong-password-${attempt}`)
    await page.getByTestId('login-submit').click()
    await expect(error).toBeVisible()
    await expect(page.getByTestId('login-submit')).not.toHaveClass(/is-loading/)
    const text = (await error.innerText()).trim()
    if (/账号已锁定/.test(text)) {
      locked = true
      expect(attempt, 'locked after 5 failures').toBeGreaterThanOrEqual(5)
    } else {
      expect(text).toMatch(/用户名或密码错误/)
      if (attempt < 5) expect(text).toMatch(/还可尝试 \d+ 次/)
    }
  }
  expect(locked, 'the account is locked by the 6th attempt at the latest').toBe(true)
  await expect(error).toHaveText(/账号已锁定，请于 (\d{2}-\d{2} )?\d{2}:\d{2} 后重试/)

  // even the right password is refused while locked
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(error).toHaveText(/账号已锁定/)
  await page.screenshot({ path: 'artifacts/login-locked.png' })

  // the security administrator (安全管理员) sees the lock and lifts it
  await loginUi(page, 'secadmin')
  await page.goto('/system/users')
  const row = page.getByTestId('users-table').locator('tr', { hasText: VICTIM }).first()
  await expect(row.getByTestId('user-locked')).toBeVisible()
  await row.getByTestId('user-unlock').click()
  await expect(row.getByTestId('user-locked')).toHaveCount(0)

  await page.context().clearCookies()
  await loginUi(page, VICTIM)
})
