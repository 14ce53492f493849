import * as vscode from 'vscode';
import { ContextKeys, Settings } from '../../ids';
import type { PveSettings } from '../../platform/settings';
import type { HostSessions } from './hostSessions';

/**
 * Context keys that follow the hosts: whether any host is configured, and whether any is
 * connected (the walkthrough completes its first steps on them). Commands that need a host are
 * hidden from the palette while `pve.noHosts` is true: a key that is only set once we know, so
 * that before activation nothing is hidden.
 */
export function registerHostContextKeys(settings: PveSettings, sessions: HostSessions): vscode.Disposable {
  const connected = new Set<string>();
  const setHosts = () => {
    const any = settings.readHosts().hosts.length > 0;
    void vscode.commands.executeCommand('setContext', ContextKeys.hasHosts, any);
    void vscode.commands.executeCommand('setContext', ContextKeys.noHosts, !any);
  };
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
