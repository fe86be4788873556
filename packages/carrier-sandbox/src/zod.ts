// The one place this package imports zod, so switching to a core re-export is a one-line change.
export { z } from 'zod'
