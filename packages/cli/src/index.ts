export { type Io, runCli } from './cli.ts'
export { type DemoOptions, type DemoReport, runDemo } from './commands/demo.ts'
export { defineServeConfig, type ServeConfig, ServeConfigSchema } from './commands/serve-config.ts'
