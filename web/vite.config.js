import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The C server serves dist/ at "/" with an SPA fallback; the API is same-origin
// under /api/v1. `npm run dev` proxies /api to a local `luoshi serve`.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // <el-*> components are imported on demand; the stylesheet is loaded once in main.js.
    Components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': process.env.LUOSHI_API || 'http://127.0.0.1:8080' },
  },
})
