import { computed, nextTick, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { formatStored, implausible, isBlock, parseCell, pastedColumn, placeBlock, type CellUnit, type Parsed } from './cells'

/** One editable cell: the stored figure it started from and what is typed now. */
export interface GridCell {
  original: number | null
  text: string
  /** the server's refusal of this row at the last save */
  serverError: string
}

export type CellState = 'clean' | 'dirty' | 'invalid'

/**
 * The editable column of a month grid: dirty and invalid cells, keyboard moves (Enter and ↓ go
 * down, Shift+Enter and ↑ up; Tab is the browser's, the next input), and a block pasted from a
 * spreadsheet landing down the column from the cell it is pasted into. `neighbours` gives a row's
 * figures to judge a typed one by (the month before, the same month last year).
 */
export function useGridCells(
  unitOf: (row: number) => CellUnit,
  table: Ref<HTMLElement | null>,
  neighbours: (row: number) => (number | null)[],
) {
  const { t } = useI18n()
  const cells = ref<GridCell[]>([])

  function reset(originals: (number | null)[]): void {
    cells.value = originals.map((o, i) => ({ original: o, text: formatStored(o, unitOf(i)), serverError: '' }))
  }

  function parsed(row: number): Parsed {
    return parseCell(cells.value[row]?.text, unitOf(row))
  }

  function stateOf(row: number): CellState {
    const p = parsed(row)
    if (p.kind === 'error') return 'invalid'
    const now = p.kind === 'value' ? p.stored : null
    return now === cells.value[row]?.original ? 'clean' : 'dirty'
  }

  function errorOf(row: number): string {
    const p = parsed(row)
    if (p.kind === 'error') return t(`grid.reason.${p.reason}`)
    return cells.value[row]?.serverError ?? ''
  }

  /** The figure the cell holds now (stored hundredths), null when blank or invalid. */
  function currentOf(row: number): number | null {
    const p = parsed(row)
    return p.kind === 'value' ? p.stored : null
  }

  const states = computed(() => cells.value.map((_, i) => stateOf(i)))
  const dirtyCount = computed(() => states.value.filter((s) => s !== 'clean').length)
  const invalidCount = computed(() => states.value.filter((s) => s === 'invalid').length)

  /** The changed cells as stored figures (`null`: remove), or null while one is invalid. */
  function changes(): { row: number; stored: number | null }[] | null {
    if (invalidCount.value > 0) return null
    const out: { row: number; stored: number | null }[] = []
    cells.value.forEach((_, row) => {
      if (stateOf(row) !== 'dirty') return
      const p = parsed(row)
      out.push({ row, stored: p.kind === 'value' ? p.stored : null })
    })
    return out
  }

  function focusRow(row: number): void {
    const el = table.value?.querySelector<HTMLInputElement>(`input[data-grid-row="${row}"]`)
    if (el) {
      el.focus()
      el.select()
    }
  }

  function onKeydown(e: KeyboardEvent, row: number): void {
    if (e.isComposing) return
    if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const up = e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)
      focusRow(Math.min(cells.value.length - 1, Math.max(0, row + (up ? -1 : 1))))
    } else if (e.key === 'Escape') {
      const c = cells.value[row]
      if (c) c.text = formatStored(c.original, unitOf(row))
    }
  }

  function onPaste(e: ClipboardEvent, row: number): void {
    const text = e.clipboardData?.getData('text/plain') ?? ''
    if (!isBlock(text)) return
    e.preventDefault()
    const values = pastedColumn(text)
    const { at, dropped } = placeBlock(values, row, cells.value.length)
    at.forEach((r, i) => {
      cells.value[r].text = values[i].trim()
      cells.value[r].serverError = ''
    })
    if (dropped > 0) ElMessage.warning(t('grid.pasteDropped', { n: dropped }))
    void nextTick(() => focusRow(at[at.length - 1] ?? row))
  }

  function clearServerErrors(): void {
    for (const c of cells.value) c.serverError = ''
  }

  /** Leaving with unsaved cells asks first; true when there is nothing to lose or the user agrees. */
  async function confirmDiscard(): Promise<boolean> {
    if (dirtyCount.value === 0) return true
    try {
      await ElMessageBox.confirm(t('grid.discard', { n: dirtyCount.value }), t('common.warning'), { type: 'warning' })
      return true
    } catch {
      return false
    }
  }

  /** A changed figure ten times off its neighbours: likely 元 typed for 万元, or a slipped point. */
  function warnOf(row: number): boolean {
    return states.value[row] === 'dirty' && implausible(currentOf(row), neighbours(row))
  }

  function stateClass(row: number) {
    return { 'is-dirty': states.value[row] === 'dirty', 'is-invalid': states.value[row] === 'invalid' || !!cells.value[row]?.serverError }
  }

  return {
    cells, reset, stateOf, errorOf, currentOf, states, dirtyCount, invalidCount, changes, focusRow, onKeydown, onPaste, clearServerErrors,
    confirmDiscard, warnOf, stateClass,
  }
}
