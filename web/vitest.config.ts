import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['tests/**/*.spec.ts'],
      globals: false,
      css: false,
      // Mounting Element Plus forms takes seconds on a busy 2-core CI machine.
      testTimeout: 30_000,
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
