import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/index.css'
import App from './App.vue'
import router from './router'
import { i18n, currentLang } from './locales'
import { installElement } from './plugins/element'
import { installDirectives } from './directives/perm'
import { installAuthRedirect } from './api/http'
import { useUserStore } from './stores/user'
import { useTagsViewStore } from './stores/tagsView'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
installElement(app)
installDirectives(app)
installAuthRedirect(router, () => {
  useUserStore(pinia).clear()
  useTagsViewStore(pinia).reset()
})
app.use(router)
document.documentElement.lang = currentLang()
app.mount('#app')
