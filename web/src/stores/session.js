import { defineStore } from 'pinia'
import { api, setCsrf } from '../api.js'

export const useSession = defineStore('session', {
  state: () => ({
    user: null,
    csrf: '',
    meta: null,     // GET /meta: {version, demo, name}
    checked: false, // GET /session has been asked once
  }),
  getters: {
    role: (s) => (s.user ? s.user.role : ''),
    signedIn: (s) => !!s.user,
    demo: (s) => !!(s.meta && s.meta.demo),
  },
  actions: {
    async loadMeta() {
      if (this.meta) return this.meta
      try { this.meta = await api.get('/meta') } catch { this.meta = { demo: false } }
      return this.meta
    },
    setSession(data) {
      this.user = data ? data.user : null
      this.csrf = data ? data.csrf_token || '' : ''
      setCsrf(this.csrf)
    },
    async check() {
      if (this.checked) return this.user
      try {
        this.setSession(await api.get('/session', null, { quiet401: true }))
      } catch (e) {
        if (e.status !== 401) throw e
        this.setSession(null)
      }
      this.checked = true
      return this.user
    },
    async login(username, password) {
      const data = await api.post('/session', { username, password }, { quiet401: true })
      this.setSession(data)
      this.checked = true
      return this.user
    },
    async logout() {
      try { await api.del('/session', { quiet401: true }) } catch { /* already gone */ }
      this.clear()
    },
    clear() {
      this.setSession(null)
      this.checked = true
    },
  },
})
