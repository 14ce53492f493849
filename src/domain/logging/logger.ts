/** The small logging surface that domain-free layers (remote/, features/) write to. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  /** A logger whose lines carry a `[scope]` prefix. */
  scoped(scope: string): Logger;
}
