import * as vscode from 'vscode';
import type { Logger } from '../domain/logging/logger';
import { Commands, type CommandId } from '../ids';

/**
 * Registers a command whose failures become one clear message instead of an unhandled
 * rejection. Cancellation by the user is not an error and stays silent.
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
      logger.error(error instanceof Error ? error : String(error));
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.showLog);
      });
      return undefined;
    }
  });
}
