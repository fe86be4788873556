// Follows docs/getting-started.md from an empty folder as a reader would: the page's `npm install`
// line (each @wismo/* name taken from its packed tarball), the ts blocks marked
// `<!-- getting-started: runs -->` written in order into the file the page's run line names, and
// that line run on the Node under test. The page stays the source: nothing here knows its code.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const PAGE = 'docs/getting-started.md'
const RUNS = /^<!--\s*getting-started:\s*runs\s*-->\s*$/
/** The run line: `NAME="whsec_$(openssl rand -base64 32)" node <file>.mts`. */
const RUN_LINE = /^((?:\w+="whsec_\$\(openssl rand -base64 32\)"\s+)*)node\s+(\S+\.m?ts)\s*$/
/** Step 5's print: `<tracking number>: <status>`, then one indented line per scan. */
const STATUS_LINE = /^(SBX\d+): (\w+)$/m
const REACHED_STATUS_MS = 120_000

/** The page's fenced blocks: `{ lang, code, runs }`, `runs` when the marker is the line before. */
export function pageBlocks(text) {
  const lines = text.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+)/.exec(lines[i])
    if (!fence) continue
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line))
    if (end < 0) throw new Error(`${PAGE}:${i + 1}: a block that never closes`)
    blocks.push({
      lang: fence[1],
      code: lines.slice(i + 1, end).join('\n'),
      runs: RUNS.test(lines[i - 1] ?? ''),
    })
    i = end
  }
  return blocks
}

/** What the page tells a reader to type: `{ install: argv, env, file, code }`. */
export function readerSteps(text) {
  const blocks = pageBlocks(text)
  const shell = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.code.split('\n'))
  const install = shell.filter((line) => line.startsWith('npm install '))
  const run = shell.map((line) => RUN_LINE.exec(line.trim())).filter(Boolean)
  if (install.length !== 1 || run.length !== 1)
    throw new Error(`${PAGE}: expected one \`npm install\` line and one \`node <file>.mts\` line`)
  const env = Object.fromEntries(
    [...run[0][1].matchAll(/(\w+)=/g)].map(([, name]) => [
      name,
      `whsec_${randomBytes(32).toString('base64')}`,
    ]),
  )
  const code = blocks.filter((b) => b.runs).map((b) => b.code)
  if (code.length === 0) throw new Error(`${PAGE}: no block marked <!-- getting-started: runs -->`)
  return { install: install[0].split(/\s+/).slice(2), env, file: run[0][2], code: code.join('\n\n') }
}

/** `npm install` as the page says, each `@wismo/*` name swapped for its tarball; no warning allowed. */
function install(dir, names, tarballs, runtime) {
  const args = names.map((name) => {
    if (!name.startsWith('@wismo/')) return name
    const tarball = tarballs.get(name)
    if (!tarball) throw new Error(`${PAGE} installs ${name}, which is not a packed public package`)
    return tarball
  })
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...args], {
    cwd: dir,
    env: runtime.env,
    encoding: 'utf8',
  })
  if (npm.status !== 0) throw new Error(`npm install failed:\n${npm.stderr || npm.error?.message}`)
  const warnings = npm.stderr.split('\n').filter((line) => /^npm warn/i.test(line))
  if (warnings.length > 0) throw new Error(`npm install warned:\n  ${warnings.join('\n  ')}`)
}

/**
 * Runs the reader's file until it prints the shipment's status line, then sends SIGTERM (what
 * Ctrl-C's SIGINT or a container stop would do) and waits for the exit. Answers
 * `{ code, signal, stdout, stderr }`; a file that never prints the line is killed and fails.
 */
function runUntilTracked(dir, file, env, runtime) {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.node, [file], { cwd: dir, env: { ...runtime.env, ...env } })
    let stdout = ''
    let stderr = ''
    let signalled = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no status line after ${REACHED_STATUS_MS / 1000} s:\n${stdout}\n${stderr}`))
    }, REACHED_STATUS_MS)
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!signalled && STATUS_LINE.test(stdout)) {
        signalled = true
        child.kill('SIGTERM')
      }
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** What a reader would see go wrong, as sentences; empty when the first shipment was tracked. */
export function problemsSeen({ code, signal, stdout, stderr }) {
  const [, , status] = STATUS_LINE.exec(stdout) ?? []
  const scans = stdout.split('\n').filter((line) => /^ {2}\S/.test(line))
  return [
    ...(code === 0 ? [] : [`exited with ${code ?? signal} instead of 0 after SIGTERM`]),
    ...(status && status !== 'pending'
      ? []
      : [`status ${status ?? '(none printed)'}, expected past pending`]),
    ...(scans.length > 0 ? [] : ['the timeline has no scans']),
    ...(/^worker \S+ stopped/m.test(stdout)
      ? []
      : ['no "worker … stopped" line: wismo.stop() did not finish']),
    ...stderr
      .split('\n')
      .filter((line) => /webhook refused|"level":"error"|Warning|Error/.test(line))
      .map((line) => `stderr: ${line}`),
  ]
}

/**
 * The page followed in `dir` (a new, empty folder) on `runtime`'s Node with the packed
 * `tarballs` (`Map<name, path>`). Throws with what went wrong; answers the line to print.
 */
export async function followGettingStarted(root, dir, tarballs, runtime) {
  const steps = readerSteps(readFileSync(join(root, PAGE), 'utf8'))
  mkdirSync(dir, { recursive: true })
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`)
  const started = performance.now()
  install(dir, steps.install, tarballs, runtime)
  const installed = performance.now()
  writeFileSync(join(dir, steps.file), `${steps.code}\n`)
  const run = await runUntilTracked(dir, steps.file, steps.env, runtime)
  const seconds = (from, to) => ((to - from) / 1000).toFixed(0)
  const problems = problemsSeen(run)
  if (problems.length > 0)
    throw new Error(`${PAGE} followed on node ${runtime.version}:\n  ${problems.join('\n  ')}\n${run.stdout}`)
  const [, number, status] = STATUS_LINE.exec(run.stdout)
  const scans = run.stdout.split('\n').filter((line) => /^ {2}\S/.test(line))
  const done = performance.now()
  return {
    timeline: [`${number}: ${status}`, ...scans].join('\n'),
    line: `packed-install: getting-started ok on node ${runtime.version}: ${number} ${status} with ${scans.length} scans, exit 0 after SIGTERM (npm install ${seconds(started, installed)} s, run ${seconds(installed, done)} s)`,
  }
}
