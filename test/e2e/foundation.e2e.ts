import { expect, test } from '@playwright/test'
import { startWeb, type RunningWeb } from './support/web'

let web: RunningWeb

test.beforeAll(async () => {
  web = await startWeb()
})
test.afterAll(async () => {
  await web.stop()
})

test('npm run web prints its address and Chromium shows the main screen there', async ({ page }) => {
  await page.goto(web.url)
  await expect(page.getByRole('heading', { name: 'CaseID Station' })).toBeVisible()
  // A new station's main screen is the welcome, in place of receiving.
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible()
  // The built-in sandbox is the API of a new station, and the screen says so.
  await expect(page.getByText('Built-in sandbox API')).toBeVisible()
  // The token leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=')
})

test('a call without the token gets 401, a foreign Origin or Host gets 403, the right call answers', async ({ request }) => {
  const call = `${web.origin}/api/call/getAppInfo`
  const noToken = await request.post(call, { data: {} })
  expect(noToken.status()).toBe(401)

  const wrongToken = await request.post(call, { data: {}, headers: { Authorization: 'Bearer not-the-token' } })
  expect(wrongToken.status()).toBe(401)

  const foreignOrigin = await request.post(call, {
    data: {},
    headers: { Authorization: `Bearer ${web.token}`, Origin: 'http://evil.example' }
  })
  expect(foreignOrigin.status()).toBe(403)

  const foreignHost = await request.post(call, { data: {}, headers: { Authorization: `Bearer ${web.token}`, Host: 'evil.example' } })
  expect(foreignHost.status()).toBe(403)

  const good = await request.post(call, { data: {}, headers: { Authorization: `Bearer ${web.token}`, Origin: web.origin } })
  expect(good.status()).toBe(200)
  const body = (await good.json()) as { ok: boolean; value: { host: string; sandbox: boolean } }
  expect(body.ok).toBe(true)
  expect(body.value.host).toBe('browser')
  expect(body.value.sandbox).toBe(true)
})

test('every answer carries the strict Content-Security-Policy', async ({ request }) => {
  const page = await request.get(`${web.origin}/`)
  const csp = page.headers()['content-security-policy'] ?? ''
  // Scripts from the app only; WebAssembly compiled from its own .wasm (the barcode decoder), no eval of text.
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';")
  expect(csp).not.toContain("'unsafe-inline'")
  expect(csp).not.toContain("'unsafe-eval'")
})

test('invalid arguments get a clear message, not a crash', async ({ request }) => {
  const headers = { Authorization: `Bearer ${web.token}` }
  const unknown = await request.post(`${web.origin}/api/call/dropTables`, { data: {}, headers })
  expect(unknown.status()).toBe(400)
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown call')

  const bad = await request.post(`${web.origin}/api/call/lookupPackage`, { data: { packageUid: 42 }, headers })
  expect(bad.status()).toBe(400)
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/packageUid/)

  const extra = await request.post(`${web.origin}/api/call/getAppInfo`, { data: { sneaky: true }, headers })
  expect(extra.status()).toBe(400)
})
