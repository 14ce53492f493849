import * as vscode from 'vscode';
import { findOption, scanVzdumpConf, vzdumpOptions, type VzdumpOption } from '../../domain/vzdumpConf/index';
import type { HostModel } from '../../pve/hostModel';
import { REMOTE_FILE_SCHEME } from '../../platform/remoteFileScheme';

const STORAGE_KEYS = new Set(['storage']);

/** Completion of keys (with their docs), of enum and boolean values, sub-keys and storage ids. */
export class VzdumpCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly data: HostModel) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionItem[]> {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    if (/^\s*#/.test(before)) return [];
    const entry = /^\s*(\S+?):\s*(.*)$/.exec(before);
    if (!entry) return keyItems();
    const option = findOption(entry[1] ?? '');
    if (!option) return [];
    const value = entry[2] ?? '';
    if (option.subKeys && (value === '' || /,\s*$/.test(value) || !/=[^,]*$/.test(value))) {
      return option.subKeys.map((sub) => {
        const item = new vscode.CompletionItem(sub.name, vscode.CompletionItemKind.Property);
        item.insertText = `${sub.name}=`;
        item.detail = sub.type;
        item.documentation = sub.summary;
        return item;
      });
    }
    if (option.enum) return option.enum.map((v) => valueItem(v, option));
    if (option.type === 'boolean') return ['1', '0'].map((v) => valueItem(v, option));
    if (STORAGE_KEYS.has(option.name) || /(^|,)storage=$/.test(value)) return this.storageItems(document);
    return [];
  }

  private async storageItems(document: vscode.TextDocument): Promise<vscode.CompletionItem[]> {
    if (document.uri.scheme !== REMOTE_FILE_SCHEME) return [];
    const inventory = await this.data.inventory(document.uri.authority).catch(() => undefined);
    return (inventory?.storages ?? [])
      .filter((s, index, all) => all.findIndex((o) => o.storage === s.storage) === index)
      .map((s) => {
        const item = new vscode.CompletionItem(s.storage, vscode.CompletionItemKind.Value);
        item.detail = `${s.type} · ${s.content.join(',')}`;
        item.sortText = s.content.includes('backup') ? `0${s.storage}` : `1${s.storage}`;
        return item;
      });
  }
}

function keyItems(): vscode.CompletionItem[] {
  return vzdumpOptions
    .filter((option) => !option.removed)
    .map((option) => {
      const item = new vscode.CompletionItem(option.name, vscode.CompletionItemKind.Property);
      item.insertText = `${option.name}: `;
      item.detail = describeType(option);
      item.documentation = new vscode.MarkdownString(docOf(option));
      // Guest selection belongs to jobs, not this file: offer it last.
      item.sortText = `${option.guestSelection ? '1' : '0'}${option.name}`;
      item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
      return item;
    });
}

function valueItem(value: string, option: VzdumpOption): vscode.CompletionItem {
  const item = new vscode.CompletionItem(value, vscode.CompletionItemKind.EnumMember);
  if (value === option.default) item.detail = 'default';
  return item;
}

/** Hover on a key: its type, default and what it does. */
export class VzdumpHover implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = scanVzdumpConf(document.lineAt(position.line).text)[0];
    if (line?.kind !== 'entry' || !line.key || position.character < line.keyStart || position.character > line.keyEnd)
      return undefined;
    const option = findOption(line.key);
    if (!option) return undefined;
    return new vscode.Hover(
      new vscode.MarkdownString(docOf(option)),
      new vscode.Range(position.line, line.keyStart, position.line, line.keyEnd),
    );
  }
}

function describeType(option: VzdumpOption): string {
  const range =
    option.minimum !== undefined || option.maximum !== undefined
      ? ` ${option.minimum ?? '…'}..${option.maximum ?? '…'}`
      : '';
  const choices = option.enum ? ` (${option.enum.join(' | ')})` : '';
  return `${option.type}${range}${choices}${option.default !== undefined ? ` · default ${option.default}` : ''}`;
}

function docOf(option: VzdumpOption): string {
  const parts = [`**${option.name}** · ${describeType(option)}`, option.summary];
  if (option.subKeys) parts.push(option.subKeys.map((s) => `- \`${s.name}\` (${s.type}): ${s.summary}`).join('\n'));
  if (option.guestSelection)
    parts.push('_Selects guests: this belongs in a backup job or on the command line, not in this file._');
  if (option.removed)
    parts.push(
      `_Removed in ${option.removed.since}${option.removed.replacement ? `; use ${option.removed.replacement}` : ''}._`,
    );
  return parts.join('\n\n');
}
