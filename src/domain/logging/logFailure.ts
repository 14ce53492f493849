import { isExpectedFailure } from '../errors';
import type { Logger } from './logger';
import { errorMessage } from '../../shared/errorMessage';

/**
 * One failure often passes several hands on its way up (the connection pool, then the command
 * that asked for the connection); the first to log it logs it for all.
 */
const logged = new WeakSet<object>();

/** Logs a failure once: an expected one as a single warning line, a bug with its stack. */
export function logFailure(logger: Logger, error: unknown, context: string): void {
  if (typeof error === 'object' && error !== null) {
    if (logged.has(error)) return;
    logged.add(error);
  }
  if (isExpectedFailure(error)) {
    logger.warn(`${context}: ${oneLine(errorMessage(error))}`);
    return;
  }
  logger.error(`${context}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' · ');
}
