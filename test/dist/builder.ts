// electron-builder's own configuration loader and schema validation (the ones `electron-builder`
// runs first), reached through its library package: they work offline.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export interface BuilderConfig {
  appId?: string
  productName?: string
  directories?: { output?: string; buildResources?: string }
  files?: { filter?: string[] }[]
  asar?: boolean
  asarUnpack?: string[]
  npmRebuild?: boolean
  linux?: { target?: string[]; icon?: string; maintainer?: string; executableName?: string; category?: string }
  win?: { target?: string[]; icon?: string }
  nsis?: { oneClick?: boolean; installerIcon?: string; uninstallerIcon?: string; deleteAppDataOnUninstall?: boolean }
  mac?: { target?: string[]; icon?: string; entitlements?: string; entitlementsInherit?: string; extendInfo?: Record<string, string> }
  [key: string]: unknown
}

const configModule = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

export function loadBuilderConfig(projectDir: string): Promise<BuilderConfig> {
  return configModule.getConfig(projectDir, null, null)
}

export function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  return configModule.validateConfiguration(config, new DebugLogger(false))
}
