import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { vLoading, ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n, setLocale, currentLocale, t } from './i18n.js'
import { setUnauthenticatedHandler } from './api.js'
import { useSession } from './stores/session.js'
import { useRef } from './stores/ref.js'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(router)
app.directive('loading', vLoading)
setLocale(currentLocale())

// Any 401 from the API: the session is gone; back to the sign-in page.
setUnauthenticatedHandler(() => {
  const session = useSession()
  const wasIn = !!session.user
  session.clear()
  useRef().reset()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') {
    if (wasIn) ElMessage.warning(t('app.sessionExpired'))
    router.replace({ name: 'login', query: { redirect: cur.fullPath } })
  }
})

app.mount('#app')
