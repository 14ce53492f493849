// The backup domain's public face for vzdump logs: the parser and the types it returns.
export { parseVzdumpLog, type GuestBackup, type VzdumpLogSummary } from './parseVzdumpLog';
export type { GuestType } from './readVzdumpLine';
export type { ProblemCode, VzdumpProblem } from './vzdumpProblems';
