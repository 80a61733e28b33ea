import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import ElementPlus, { ElForm, ElFormItem, ElInput, type FormRules } from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { Page } from '@/api/types'
import ListPage from '@/components/ListPage.vue'
import { rangeOf, useRouteList } from '@/composables/useRouteList'
import { useForm } from '@/composables/useForm'

afterEach(() => {
  document.body.innerHTML = ''
})

// ---- useForm ------------------------------------------------------------------------------

function formHarness(save: () => Promise<void>, failed?: (e: unknown, atField: boolean) => void, valid?: () => boolean) {
  let api!: ReturnType<typeof useForm>
  const Harness = defineComponent({
    setup() {
      api = useForm(['name'])
      const model = reactive({ name: '' })
      const rules: FormRules = { name: [{ required: true, message: 'name needed', trigger: 'blur' }] }
      return () =>
        h(ElForm, { ref: 'formRef', model, rules }, () =>
          h(ElFormItem, { label: 'name', prop: 'name', error: api.errors.name }, () =>
            h(ElInput, { modelValue: model.name, 'onUpdate:modelValue': (v: string) => (model.name = v), 'data-testid': 'name' }),
          ),
        )
    },
  })
  const wrapper = mount(Harness, { attachTo: document.body, global: { plugins: [ElementPlus, i18n] } })
  return { wrapper, api: () => api, submit: () => api.submit(save, { failed, valid }) }
}

async function typeName(value: string) {
  const el = document.querySelector('[data-testid="name"] input, input[data-testid="name"]') as HTMLInputElement
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  await flushPromises()
}

describe('useForm', () => {
  it('does not save while a rule fails, and shows the rule', async () => {
    const save = vi.fn(async () => undefined)
    const f = formHarness(save)
    await flushPromises()
    expect(await f.submit()).toBe(false)
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.body.textContent).toContain('name needed'))
  })

  it('saves with the saving flag up, and lowers it after', async () => {
    let during = false
    const f = formHarness(async () => {
      during = f.api().saving.value
    })
    await flushPromises()
    await typeName('扬州')
    expect(await f.submit()).toBe(true)
    expect(during).toBe(true)
    expect(f.api().saving.value).toBe(false)
  })

  it("shows a server field error at its field, and clears it on the next try", async () => {
    const failed = vi.fn()
    let answer: ApiError | null = new ApiError(422, { code: 'VALIDATION', message: '名称已存在', field: 'name' })
    const f = formHarness(async () => {
      if (answer) throw answer
    }, failed)
    await flushPromises()
    await typeName('扬州')
    expect(await f.submit()).toBe(false)
    await flushPromises()
    expect(f.api().errors.name).toBe('名称已存在')
    await vi.waitFor(() => expect(document.querySelector('.el-form-item__error')?.textContent).toContain('名称已存在'))
    expect(failed).toHaveBeenCalledWith(answer, true)

    answer = null
    expect(await f.submit()).toBe(true)
    expect(f.api().errors.name).toBeUndefined()
  })

  it("does not save when the page's own check says no", async () => {
    const save = vi.fn(async () => undefined)
    let ok = false
    const f = formHarness(save, undefined, () => ok)
    await flushPromises()
    await typeName('扬州')
    expect(await f.submit()).toBe(false)
    expect(save).not.toHaveBeenCalled()
    ok = true
    expect(await f.submit()).toBe(true)
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('hands an error that names no field to the page', async () => {
    const failed = vi.fn()
    const boom = new ApiError(429, { code: 'RATE_LIMITED', message: '稍后再试' })
    const f = formHarness(async () => {
      throw boom
    }, failed)
    await flushPromises()
    await typeName('扬州')
    expect(await f.submit()).toBe(false)
    expect(failed).toHaveBeenCalledWith(boom, false)
    expect(f.api().saving.value).toBe(false)
  })
})

// ---- ListPage around useRouteList ---------------------------------------------------------

interface Row {
  id: number
  name: string
}
interface ThingFilters {
  [k: string]: string | number | boolean | undefined
  q: string
  from: string | undefined
  to: string | undefined
}

async function mountList(url: string, fetch: (q: Record<string, string | number | undefined>) => Promise<Page<Row>>) {
  let list!: ReturnType<typeof useRouteList<ThingFilters, Row>>
  const Things = defineComponent({
    setup() {
      list = useRouteList<ThingFilters, Row>({
        routeName: 'Things',
        empty: () => ({ q: '', from: undefined, to: undefined }),
        parse: (q) => ({ q: q.q ?? '', from: q.from, to: q.to }),
        fetch,
      })
      list.start()
      return () =>
        h(ListPage, { list, testid: 'thing', extraPrefix: 'service.extra' }, {
          query: () => h(ElFormItem, { label: 'q' }, () => h(ElInput, { modelValue: list.filters.value.q, 'onUpdate:modelValue': (v: string) => (list.filters.value.q = v), 'data-testid': 'thing-query-q' })),
          toolbar: () => h('button', { 'data-testid': 'thing-add' }, 'add'),
          default: () => h('ul', { 'data-testid': 'thing-rows' }, list.rows.value.map((r) => h('li', r.name))),
        })
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/things', name: 'Things', component: Things }] })
  await router.push(url)
  await router.isReady()
  const wrapper = mount(defineComponent({ render: () => h(RouterView) }), { attachTo: document.body, global: { plugins: [ElementPlus, i18n, router] } })
  await flushPromises()
  return { wrapper, router, list: () => list }
}

const q = (sel: string) => document.querySelector(sel) as HTMLElement | null

describe('ListPage', () => {
  it('reads its filters from the URL, sends what it does not know along, and shows the chrome', async () => {
    const fetch = vi.fn(async () => ({ items: [{ id: 1, name: '一号' }], total: 41 }))
    const { list } = await mountList('/things?q=%E6%89%AC&page=2&department=3', fetch)
    expect(fetch).toHaveBeenCalledWith({ department: '3', q: '扬', page: 2, page_size: 20 })
    expect(list().filters.value.q).toBe('扬')
    expect(q('[data-testid="thing-page"]')?.dataset.state).toBe('ready')
    expect(q('[data-testid="thing-total"]')?.dataset.total).toBe('41')
    expect(q('[data-testid="thing-query-submit"]')).not.toBeNull()
    expect(q('[data-testid="thing-pagination"]')).not.toBeNull()
    expect(q('[data-testid="thing-rows"]')?.textContent).toBe('一号')
    // the toolbar's own buttons come before the URL's extra filter
    const extra = q('[data-testid="thing-extra-filter"]')
    expect(extra?.textContent).toContain('3')
    expect(q('[data-testid="thing-add"]')?.compareDocumentPosition(extra!)).toBe(Node.DOCUMENT_POSITION_FOLLOWING)
  })

  it('searches from the first page, and reset empties the URL', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const { router, list } = await mountList('/things?page=3', fetch)
    list().filters.value.q = '车'
    q('[data-testid="thing-query-submit"]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: '车' })
    expect(fetch).toHaveBeenLastCalledWith({ q: '车', page: 1, page_size: 20 })

    q('[data-testid="thing-query-reset"]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    expect(list().filters.value.q).toBe('')
  })

  it('closing an extra filter drops it from the URL and the request', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const { router } = await mountList('/things?overdue=true', fetch)
    expect(fetch).toHaveBeenLastCalledWith({ overdue: 'true', page: 1, page_size: 20 })
    ;(q('[data-testid="thing-extra-filter"] .el-tag__close') as HTMLElement).dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20 })
  })

  it('rangeOf edits two filters as one date range', async () => {
    const { list } = await mountList('/things?from=2026-01-01&to=2026-03-31', vi.fn(async () => ({ items: [], total: 0 })))
    const range = rangeOf(list().filters, 'from', 'to')
    expect(range.value).toEqual(['2026-01-01', '2026-03-31'])
    range.value = null
    expect(list().filters.value.from).toBeUndefined()
    expect(list().filters.value.to).toBeUndefined()
    range.value = ['2026-05-01', '2026-05-31']
    expect(list().filters.value).toMatchObject({ from: '2026-05-01', to: '2026-05-31' })
  })
})
