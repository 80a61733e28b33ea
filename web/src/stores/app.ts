import { defineStore } from 'pinia'
import { ref } from 'vue'
import { currentLang, setLang, type Lang } from '@/locales'

export const useAppStore = defineStore('app', () => {
  const sidebarOpened = ref(localStorage.getItem('zoneops.sidebar') !== 'closed')
  const lang = ref<Lang>(currentLang())
  /** the cockpit's full-screen (big screen) mode: no sidebar, navbar or tags */
  const bigScreen = ref(false)

  function toggleSidebar(): void {
    sidebarOpened.value = !sidebarOpened.value
    localStorage.setItem('zoneops.sidebar', sidebarOpened.value ? 'opened' : 'closed')
  }

  function changeLang(value: Lang): void {
    lang.value = value
    setLang(value)
  }

  function setBigScreen(on: boolean): void {
    bigScreen.value = on
  }

  return { sidebarOpened, lang, bigScreen, toggleSidebar, changeLang, setBigScreen }
})
