export { type Io, runCli } from './cli.ts'
export { type DemoOptions, type DemoReport, runDemo } from './commands/demo.ts'
