import type { App, Plugin } from 'vue'
import {
  ElAlert,
  ElAside,
  ElAutocomplete,
  ElAvatar,
  ElBreadcrumb,
  ElBreadcrumbItem,
  ElButton,
  ElCard,
  ElCheckbox,
  ElCheckboxGroup,
  ElCol,
  ElConfigProvider,
  ElContainer,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElDivider,
  ElDrawer,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElHeader,
  ElIcon,
  ElImage,
  ElInput,
  ElInputNumber,
  ElInputTag,
  ElLink,
  ElLoading,
  ElMain,
  ElMenu,
  ElMenuItem,
  ElOption,
  ElOptionGroup,
  ElPagination,
  ElProgress,
  ElRadio,
  ElRadioButton,
  ElRadioGroup,
  ElRate,
  ElResult,
  ElRow,
  ElScrollbar,
  ElSelect,
  ElSkeleton,
  ElSubMenu,
  ElSwitch,
  ElTabPane,
  ElTable,
  ElTableColumn,
  ElTabs,
  ElTag,
  ElText,
  ElTimeline,
  ElTooltip,
  ElTree,
} from 'element-plus'

// Only the components the console uses are registered, so the bundle carries only them.
// Sub-components (ElRadioButton, ElOption, ElTableColumn …) are installed by their parent's
// plugin (ElRadio, ElSelect, ElTable …), so each parent must be listed.
const components: Plugin[] = [
  ElAlert, ElAside, ElAutocomplete, ElAvatar, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCheckbox,
  ElCheckboxGroup, ElCol, ElConfigProvider, ElContainer, ElDatePicker, ElDescriptions,
  ElDescriptionsItem, ElDialog, ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu,
  ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElInputTag, ElLink, ElMain,
  ElMenu, ElMenuItem, ElOption, ElOptionGroup, ElPagination, ElProgress, ElRadio, ElRadioButton, ElRadioGroup,
  ElRate, ElResult, ElRow, ElScrollbar, ElSelect, ElSkeleton, ElSubMenu, ElSwitch, ElTabPane, ElTable,
  ElTableColumn, ElTabs, ElTag, ElText, ElTimeline, ElTooltip, ElTree,
  ElImage,
]

/** The tags the registered components answer to (`ElInputNumber` → `el-input-number`). */
export const registeredTags: string[] = components.map((c) =>
  ((c as { name?: string }).name ?? '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase(),
)

export function installElement(app: App): void {
  for (const c of components) app.use(c)
  app.use(ElLoading)
}
