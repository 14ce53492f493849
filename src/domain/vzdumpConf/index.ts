// The vzdump.conf domain: how Proxmox reads /etc/vzdump.conf, and what the editor says about it.
export {
  validateVzdumpConf,
  type ConfDiagnostic,
  type DiagnosticCode,
  type QuickFixHint,
  type Severity,
  type VzdumpConfResult,
} from './validateVzdumpConf';
export { scanVzdumpConf, type ConfLine, type ConfLineKind } from './scanVzdumpConf';
export { findOption, suggestKey, vzdumpOptions, type OptionType, type SubKey, type VzdumpOption } from './options';
export { parseBoolean } from './formats';
