import * as vscode from 'vscode';
import { logFailure } from '../domain/logging/logFailure';
import type { Logger } from '../domain/logging/logger';
import { Commands, type CommandId } from '../ids';
import { errorMessage } from '../shared/errorMessage';

/**
 * Registers a command whose failures become one clear message instead of an unhandled
 * rejection, and one line in the log (a stack only for a bug). Cancellation by the user is not
 * an error and stays silent.
 */
export function registerCommand(
  id: CommandId,
  logger: Logger,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof vscode.CancellationError) return undefined;
      logFailure(logger, error, id);
      void vscode.window.showErrorMessage(errorMessage(error), 'Show Log').then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.showLog);
      });
      return undefined;
    }
  });
}
