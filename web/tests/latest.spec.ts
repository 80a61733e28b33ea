import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { useLatest } from '@/composables/useLatest'

/** A promise the test settles by hand, so answers can arrive out of order. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLatest', () => {
  it('keeps the newest answer when an older one arrives after it', async () => {
    const latest = useLatest()
    const shown: string[] = []
    const slow = deferred<string>()
    const fast = deferred<string>()
    void latest.run(() => slow.promise, { ok: (v) => shown.push(v) })
    void latest.run(() => fast.promise, { ok: (v) => shown.push(v) })
    expect(latest.loading.value).toBe(true)
    expect(latest.state.value).toBe('loading')

    fast.resolve('second')
    await flushPromises()
    expect(shown).toEqual(['second'])
    expect(latest.loading.value).toBe(false)
    expect(latest.state.value).toBe('ready')

    slow.resolve('first')
    await flushPromises()
    expect(shown).toEqual(['second'])
  })

  it('does not end the spinner when a stale request finishes first', async () => {
    const latest = useLatest()
    const slow = deferred<number>()
    const old = deferred<number>()
    void latest.run(() => old.promise)
    void latest.run(() => slow.promise)
    old.resolve(1)
    await flushPromises()
    expect(latest.loading.value).toBe(true)
    expect(latest.state.value).toBe('loading')
    slow.resolve(2)
    await flushPromises()
    expect(latest.loading.value).toBe(false)
  })

  it('reports only the newest failure and never rejects', async () => {
    const latest = useLatest()
    const failures: unknown[] = []
    const stale = deferred<number>()
    const newest = deferred<number>()
    const a = latest.run(() => stale.promise, { failed: (e) => failures.push(e) })
    const b = latest.run(() => newest.promise, { failed: (e) => failures.push(e) })
    stale.reject(new Error('old'))
    newest.reject(new Error('new'))
    await expect(a).resolves.toBeUndefined()
    await expect(b).resolves.toBeUndefined()
    expect(failures.map((e) => (e as Error).message)).toEqual(['new'])
    expect(latest.state.value).toBe('ready')
  })

  it('drop() discards an answer on its way and stops the spinner', async () => {
    const latest = useLatest()
    const shown: number[] = []
    const pending = deferred<number>()
    void latest.run(() => pending.promise, { ok: (v) => shown.push(v) })
    latest.drop()
    expect(latest.loading.value).toBe(false)
    pending.resolve(7)
    await flushPromises()
    expect(shown).toEqual([])
  })

  it('next() tells a task of several steps whether it is still the newest', () => {
    const latest = useLatest()
    const first = latest.next()
    expect(first()).toBe(true)
    const second = latest.next()
    expect(first()).toBe(false)
    expect(second()).toBe(true)
  })
})
