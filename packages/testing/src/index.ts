export * from './carrier.ts'
export * from './mount.ts'
