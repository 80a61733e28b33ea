import { nextTick, reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { isApiError } from '@/api/http'

/** `entrepreneurs[0].mobile` (API) → `entrepreneurs.0.mobile` (el-form-item prop). */
export function fieldPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1')
}

/**
 * Server field errors (422/409 with `field`) shown at the form item they name, through
 * el-form-item's `error` prop. `known` tells which paths the form has; an error naming any
 * other field is shown as a message instead, so nothing is lost.
 */
export function useServerErrors(known: (path: string) => boolean) {
  const errors = reactive<Record<string, string>>({})

  /** Clears every server error and lets the form items see the change before new ones come. */
  async function clear(): Promise<void> {
    for (const k of Object.keys(errors)) delete errors[k]
    await nextTick()
  }

  function clearField(path: string): void {
    if (errors[path]) delete errors[path]
  }

  /** Returns true when the error named a field (shown at it, or as a message for an unknown one). */
  function apply(e: unknown): boolean {
    if (!isApiError(e) || !e.field || ![409, 422].includes(e.status)) return false
    const path = fieldPath(e.field)
    if (known(path)) errors[path] = e.message
    else ElMessage.error(e.message)
    return true
  }

  return { errors, clear, clearField, apply }
}
