export { runCli, type Io } from './cli.ts'
export { runDemo, type DemoOptions, type DemoReport } from './commands/demo.ts'
