import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Vendor libraries are split into long-lived chunks so that a console update only
// re-downloads the application code. Element Plus (registered component by component,
// see src/plugins/element.ts) and ECharts (only the charts and components in
// src/utils/echarts.ts) are the two large ones.
function vendorGroup(id: string): string | null {
  if (!id.includes('node_modules')) return null
  if (/[\\/]node_modules[\\/]zrender[\\/]/.test(id)) return 'vendor-zrender'
  if (/[\\/]node_modules[\\/](echarts|vue-echarts)[\\/]/.test(id)) return 'vendor-echarts'
  if (/[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|@ctrl|async-validator|lodash-unified|lodash-es|lodash|memoize-one|normalize-wheel-es|@sxzz|@vueuse)[\\/]/.test(id))
    return 'vendor-element'
  if (/[\\/]node_modules[\\/](vue|@vue|vue-router|pinia|vue-i18n|@intlify|vue-demi)[\\/]/.test(id)) return 'vendor-vue'
  return 'vendor-misc'
}

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // The two largest chunks are single libraries already cut down to what the console uses:
    // vendor-element (~600 kB, ~190 kB gzip: the registered Element Plus components and the icons used) and
    // vendor-echarts (~510 kB, ~180 kB gzip: bar + line charts; zrender is split off). Each is one
    // cache unit that changes only when the library's version does, and the console is served
    // from the zoneops binary on the zone's own network, so the limit is set just above them.
    chunkSizeWarningLimit: 610,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-zrender', test: /[\\/]node_modules[\\/]zrender[\\/]/, priority: 20 },
            { name: (id: string) => vendorGroup(id), debugName: 'vendor', priority: 10 },
          ],
        },
      },
    },
  },
})
