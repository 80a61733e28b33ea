import { createHmac } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { apiAs, field, getJson, loginUi, PASSWORD } from './helpers'

/** RFC 4648 base32 (the secret as the enrolment page shows it). */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const c of text.replace(/[\s=-]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** The 6-digit TOTP code (RFC 6238, SHA-1, 30 s) at `unixSeconds`, computed as an authenticator app does. */
function totp(secret: string, unixSeconds = Date.now() / 1000): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const bin = mac.readUInt32BE(offset) & 0x7fffffff
  return String(bin % 1_000_000).padStart(6, '0')
}

async function passwordStep(page: import('@playwright/test').Page) {
  await page.goto('/login')
  await field(page, 'login-username').fill('admin')
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(field(page, 'login-code')).toBeVisible()
}

async function logout(page: import('@playwright/test').Page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await expect(page).toHaveURL(/\/login/)
}

test.describe('second factor', () => {
  // Other specs sign in as admin with the password alone: the security administrator resets
  // the factor enrolled here, whatever happened in the test.
  test.afterAll(async () => {
    const sec = await apiAs('secadmin')
    const users = await getJson<{ items: { id: number; username: string; locked_until: string | null }[] }>(sec, '/api/v1/users?q=admin')
    const admin = users.items.find((u) => u.username === 'admin')
    if (admin) {
      await sec.post(`/api/v1/users/${admin.id}/second-factor/reset`)
      await sec.post(`/api/v1/users/${admin.id}/unlock`)
    }
    await sec.dispose()
  })

  test('an administrator enrols by QR code, signs in with a code; wrong codes count toward the lockout; a recovery code works', async ({ page }) => {
    await loginUi(page, 'admin')
    await page.getByTestId('user-menu').click()
    await page.getByTestId('profile-link').click()
    await expect(page.getByTestId('profile-factor-off')).toBeVisible()
    await expect(page.getByTestId('session-current')).toBeVisible()
    await page.getByTestId('profile-enrol').click()

    await expect(page.getByTestId('enrol-qr')).toBeVisible()
    const secret = (await page.getByTestId('enrol-secret').innerText()).trim()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    await page.screenshot({ path: 'artifacts/second-factor-enrol.png' })
    await field(page, 'enrol-code').fill(totp(secret))
    await page.getByTestId('enrol-confirm').click()
    const codes = page.getByTestId('recovery-codes').locator('li')
    await expect(codes).toHaveCount(10)
    const recovery = (await codes.nth(0).innerText()).trim()
    expect(recovery).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    await page.screenshot({ path: 'artifacts/second-factor-recovery-codes.png' })
    await page.getByTestId('enrol-done').click()
    await expect(page.getByTestId('profile-factor-on')).toBeVisible()
    await logout(page)

    // The password alone no longer signs in: the code is asked for.
    await passwordStep(page)
    await page.screenshot({ path: 'artifacts/second-factor-login.png' })
    const error = page.getByTestId('login-error')
    await field(page, 'login-code').fill(totp(secret, Date.now() / 1000 - 3600))
    await page.getByTestId('login-code-submit').click()
    await expect(error).toHaveText(/验证码不正确，还可尝试 4 次/)
    // The code of enrolment is spent; the next step's code (inside the ±1 step window) is not.
    await field(page, 'login-code').fill(totp(secret, Date.now() / 1000 + 30))
    await page.getByTestId('login-code-submit').click()
    await expect(page).toHaveURL(/\/cockpit/)
    await expect(page.getByTestId('current-user')).not.toBeEmpty()
    await logout(page)

    // Phone not at hand: a recovery code, once.
    await passwordStep(page)
    await page.getByTestId('login-use-recovery').click()
    await field(page, 'login-code').fill(recovery)
    await page.getByTestId('login-code-submit').click()
    await expect(page).toHaveURL(/\/cockpit/)
    await logout(page)
    await passwordStep(page)
    await page.getByTestId('login-use-recovery').click()
    await field(page, 'login-code').fill(recovery)
    await page.getByTestId('login-code-submit').click()
    await expect(error).toHaveText(/验证码不正确/)
  })

  test('the security administrator sees who has a second factor and resets it', async ({ page }) => {
    const admin = await apiAs('admin')
    const st = await getJson<{ enrolled: boolean }>(admin, '/api/v1/me/second-factor').catch(() => ({ enrolled: false }))
    await admin.dispose()
    await loginUi(page, 'secadmin')
    await expect(page).toHaveURL(/\/system\/users/)
    const row = page.getByTestId('users-table').locator('tr', { has: page.locator('td', { hasText: /^admin$/ }) }).first()
    if (st.enrolled) {
      await expect(row.getByTestId('user-factor')).toBeVisible()
      await row.getByTestId('user-reset-factor').click()
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
      await expect(row.getByTestId('user-factor')).toHaveCount(0)
    }
    await row.getByTestId('user-sessions').click()
    await expect(page.getByTestId('user-sessions-dialog')).toBeVisible()
  })
})
