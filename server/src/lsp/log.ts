/** The server's log goes to the client's output channel (connection.console). */
import type { Connection } from 'vscode-languageserver';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function connectionLog(connection: Connection): Log {
  return {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs a request handler so that an exception (in the engine or here) is logged and answered with the
 * fallback instead of reaching the connection: one bad document must not take the server down.
 */
export function guarded<Args extends unknown[], Result>(
  log: Log,
  what: string,
  fallback: Result,
  handler: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      log.error(`${what} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}
