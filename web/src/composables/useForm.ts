import { ref, useTemplateRef } from 'vue'
import type { FormInstance } from 'element-plus'
import { useServerErrors } from '@/utils/serverErrors'

export interface SaveOptions {
  /** a check of the page's own after the rules (false: no save) */
  valid?: () => boolean
  /**
   * Called with a failed save's error after a field error went to its field; `atField` says
   * whether it did (409/422 naming a field). Other errors the http layer has already shown.
   */
  failed?: (error: unknown, atField: boolean) => void
}

/**
 * An edit form's chrome (call it in the setup of the component whose template holds
 * `<el-form ref="formRef">`): the form, its rules checked before a save, the server's field
 * errors shown at their fields (`errors` feeds each el-form-item's `error`), and a `saving` flag
 * for the button while a save is under way. `known` names the form's field paths.
 */
export function useForm(known: string[] | ((path: string) => boolean)) {
  const isKnown = typeof known === 'function' ? known : (p: string) => known.includes(p)
  // the page's `<el-form ref="formRef">`
  const formRef = useTemplateRef<FormInstance>('formRef')
  const saving = ref(false)
  const { errors, clear, clearField, apply } = useServerErrors(isKnown)

  /** Server errors and the rules' messages gone: for a dialog that opens again. */
  async function reset(): Promise<void> {
    await clear()
    formRef.value?.clearValidate()
  }

  /**
   * Validates, then runs `save` with `saving` set. Returns false when the rules stopped it or the
   * save failed (its field error shown), true when it went through.
   */
  async function submit(save: () => Promise<void>, opts: SaveOptions = {}): Promise<boolean> {
    await clear()
    // a save without an el-form (a row's inline edit) has no rules to check
    if (formRef.value && !(await formRef.value.validate().catch(() => false))) return false
    if (opts.valid && !opts.valid()) return false
    saving.value = true
    try {
      await save()
      return true
    } catch (e) {
      opts.failed?.(e, apply(e))
      return false
    } finally {
      saving.value = false
    }
  }

  return { formRef, saving, errors, clear, clearField, apply, reset, submit }
}
