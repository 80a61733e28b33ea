import { ElMessage } from 'element-plus'
import { listEnterprises } from '@/api/enterprise'
import type { Enterprise, EnterpriseQuery } from '@/api/types'
import { downloadText, toCsv } from '@/utils/csv'

type T = (key: string, values?: Record<string, unknown>) => string

/** Downloads the whole filtered list (every page) as CSV; money stays in 元. */
export async function exportEnterprises(query: EnterpriseQuery, total: number, t: T): Promise<void> {
  const all: Enterprise[] = []
  const pageSize = 500
  const pages = Math.max(1, Math.ceil(total / pageSize))
  for (let page = 1; page <= pages; page++) {
    const res = await listEnterprises({ ...query, page, page_size: pageSize })
    all.push(...res.items)
    if (res.items.length < pageSize) break
  }
  const f = (k: string) => t(`enterprise.fields.${k}`)
  const header = [
    f('name'), f('credit_code'), f('park_name'), f('chain_name'), f('industry_code'), f('industry_name'),
    f('above_size'), f('year'), `${f('sales')}(元)`, `${f('output')}(元)`, f('tier'),
  ]
  const rows = all.map((e) => [
    e.name, e.credit_code, e.park_name, e.chain_name, e.industry_code, e.industry_name,
    e.above_size ? t('common.yes') : t('common.no'), e.year, e.sales, e.output, e.tier ? t(`tier.${e.tier}`) : '',
  ])
  downloadText(`${t('enterprise.exportName')}-${query.year ?? ''}.csv`, toCsv(header, rows))
  ElMessage.success(t('common.totalRows', { n: all.length }))
}
