import { expect, test } from '@playwright/test'
import { crc32, deflateRawSync } from 'node:zlib'
import { apiAs, getJson, loginUi } from './helpers'

/**
 * 数据导入 (decision 0040): an enterprise roster with a wrong credit code is shown with its error
 * by row and column and cannot be confirmed; the fixed file previews one new enterprise, is
 * confirmed, and the enterprise is in the list.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** A credit code with its GB 32100-2015 check character. */
function uscc(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + ALPHABET.indexOf(c) * WEIGHTS[i], 0)
  return first17 + ALPHABET[(31 - (sum % 31)) % 31]
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A one-sheet workbook of text cells, zipped by hand (what a user's Excel would upload). */
function xlsx(rows: string[][]): Buffer {
  const cells = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, c) => `<c r="${String.fromCharCode(65 + c)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`)
    .join('')
  const parts: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="企业名录" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`],
  ]
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of parts) {
    const data = Buffer.from(text, 'utf8')
    const packed = deflateRawSync(data)
    const nameBuf = Buffer.from(name, 'utf8')
    const head = (sig: number, isCentral: boolean) => {
      const h = Buffer.alloc(isCentral ? 46 : 30)
      let at = 0
      h.writeUInt32LE(sig, at); at += 4
      if (isCentral) { h.writeUInt16LE(20, at); at += 2 }
      h.writeUInt16LE(20, at); at += 2
      h.writeUInt16LE(0, at); at += 2
      h.writeUInt16LE(8, at); at += 2
      h.writeUInt32LE(0, at); at += 4
      h.writeUInt32LE(crc32(data), at); at += 4
      h.writeUInt32LE(packed.length, at); at += 4
      h.writeUInt32LE(data.length, at); at += 4
      h.writeUInt16LE(nameBuf.length, at); at += 2
      h.writeUInt16LE(0, at); at += 2
      if (isCentral) { at += 10; h.writeUInt32LE(offset, at) }
      return Buffer.concat([h, nameBuf])
    }
    const local = Buffer.concat([head(0x04034b50, false), packed])
    central.push(head(0x02014b50, true))
    locals.push(local)
    offset += local.length
  }
  const dir = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

test('an upload with errors is shown by row, the fixed file is confirmed and listed', async ({ page }) => {
  const admin = await apiAs('admin')
  const parks = await getJson<{ items: { code: string; name: string }[] }>(admin, '/api/v1/parks')
  const park = parks.items[0].name
  const n = String(Date.now() % 10_000_000).padStart(7, '0')
  const code = uscc(`91440300QB${n}`)
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
  const name = `导入测试精密机械${n}有限公司`
  const header = ['*统一社会信用代码', '*企业名称', '*所属园区', '*行业代码', '规上企业', '成立日期']
  const row = (c: string) => [c, name, park, '3484', '是', '2019/05/20']

  await loginUi(page, 'admin')
  await page.goto('/imports')
  await page.getByTestId('import-kind').getByText('企业名录').click()
  const pick = page.getByTestId('import-file')
  await pick.setInputFiles({ name: '企业名录.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx([['企业名录导入'], header, row(wrong)]) })
  await page.getByTestId('import-upload').click()
  const errors = page.getByTestId('import-errors')
  await expect(errors).toContainText('3')
  await expect(errors).toContainText('A')
  await expect(errors).toContainText('校验')
  await expect(page.getByTestId('count-error')).toHaveText('1')
  await expect(page.getByTestId('import-commit')).toBeDisabled()

  await pick.setInputFiles({ name: '企业名录.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx([['企业名录导入'], header, row(` ${code.slice(0, 9)}　${code.slice(9)} `)]) })
  await page.getByTestId('import-upload').click()
  await expect(page.getByTestId('count-new')).toHaveText('1')
  await expect(page.getByTestId('count-error')).toHaveText('0')
  await page.getByTestId('import-commit').click()
  await expect(page.getByTestId('import-done')).toBeVisible()

  await page.goto(`/enterprises?q=${code}`)
  await expect(page.getByText(name)).toBeVisible()
})
