import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { registeredTags } from '@/plugins/element'

/** Every .vue file under `dir`. */
function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return vueFiles(path)
    return path.endsWith('.vue') ? [path] : []
  })
}

// Sub-components installed by their parent's plugin (see plugins/element.ts).
const BY_PARENT = new Set(['el-table-column', 'el-option', 'el-option-group', 'el-radio-button', 'el-tab-pane', 'el-timeline-item', 'el-menu-item-group', 'el-sub-menu'])

describe('Element Plus components', () => {
  it('registers every el-* component a template uses (an unregistered one renders as an unknown tag, silently)', () => {
    const installed = new Set(registeredTags)
    expect(installed.has('el-button') && installed.has('el-input-number')).toBe(true)
    const missing = new Set<string>()
    for (const file of vueFiles(join(__dirname, '../src'))) {
      const template = readFileSync(file, 'utf8')
      for (const m of template.matchAll(/<(el-[a-z-]+)/g)) {
        if (!installed.has(m[1]) && !BY_PARENT.has(m[1])) missing.add(`${m[1]} (${file.split('/src/')[1]})`)
      }
    }
    expect([...missing]).toEqual([])
  })
})
