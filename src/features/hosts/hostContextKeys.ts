import * as vscode from 'vscode';
import { ContextKeys, Settings } from '../../ids';
import type { PveSettings } from '../../platform/settings';
import type { HostSessions } from './hostSessions';

/**
 * Context keys that follow the hosts: whether any host is configured (commands that need one are
 * hidden from the palette until then) and whether any is connected. The walkthrough completes its
 * first steps on them.
 */
export function registerHostContextKeys(settings: PveSettings, sessions: HostSessions): vscode.Disposable {
  const connected = new Set<string>();
  const setHosts = () => void vscode.commands.executeCommand('setContext', ContextKeys.hasHosts, settings.readHosts().hosts.length > 0);
  setHosts();
  void vscode.commands.executeCommand('setContext', ContextKeys.anyHostConnected, false);
  return vscode.Disposable.from(
    settings.onDidChange(Settings.hosts, setHosts),
    sessions.onDidChangeState(({ host, state }) => {
      if (state.status === 'connected') connected.add(host);
      else connected.delete(host);
      void vscode.commands.executeCommand('setContext', ContextKeys.anyHostConnected, connected.size > 0);
    }),
  );
}
