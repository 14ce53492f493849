// Lines that destroy or kill, found before a block runs so the user is asked first. A line is
// split into simple commands (at ; && || | and newlines); each command is judged by its program
// and arguments after `sudo`, `nohup`, `time`, `exec`, `env` and variable assignments. Text after
// an unquoted # is a comment. `echo rm -rf /` is not destructive (echo is the program).

export interface DestructiveLine {
  /** 0-based line in the block */
  line: number;
  text: string;
  reason: string;
}

type Rule = (args: string[]) => string | undefined;

const RULES: Record<string, Rule> = {
  pkill: () => 'kills processes by name',
  killall: () => 'kills processes by name',
  kill: (args) =>
    args.some((a) => /^-(9|KILL|SIGKILL|s)$/i.test(a)) ? 'kills processes (SIGKILL)' : 'sends a signal to processes',
  rm: (args) =>
    args.some((a) => /^-[a-zA-Z]*[rRf]/.test(a) || a === '--recursive' || a === '--force')
      ? 'removes files without asking'
      : undefined,
  zpool: (args) =>
    /^(destroy|clear|labelclear|detach|remove|offline|split)$/.test(args[0] ?? '')
      ? `zpool ${args[0] ?? ''} changes the pool`
      : undefined,
  zfs: (args) => (/^(destroy|rollback)$/.test(args[0] ?? '') ? `zfs ${args[0] ?? ''} loses data` : undefined),
  pct: (args) => (/^(destroy|stop|restore)$/.test(args[0] ?? '') ? `pct ${args[0] ?? ''}` : undefined),
  qm: (args) => (/^(destroy|stop|reset|restore)$/.test(args[0] ?? '') ? `qm ${args[0] ?? ''}` : undefined),
  wipefs: () => 'wipes file system signatures',
  sgdisk: () => 'rewrites partition tables',
  parted: () => 'changes partitions',
  fdisk: () => 'changes partitions',
  dd: (args) => (args.some((a) => a.startsWith('of=')) ? 'writes raw data over a file or disk' : undefined),
  reboot: () => 'restarts the host',
  shutdown: () => 'shuts the host down',
  poweroff: () => 'powers the host off',
  halt: () => 'halts the host',
  systemctl: (args) =>
    /^(stop|restart|kill|disable|mask|isolate|reboot|poweroff|halt)$/.test(args[0] ?? '') &&
    (args[0] !== 'stop' ||
      args.slice(1).some((a) => /^(pve|proxmox|corosync|ceph|zfs|ssh|networking)/.test(a)) ||
      /^(reboot|poweroff|halt|isolate)$/.test(args[0] ?? ''))
      ? `systemctl ${args.join(' ')}`
      : undefined,
  truncate: () => 'cuts files',
  shred: () => 'destroys file contents',
};

export function findDestructiveLines(code: string): DestructiveLine[] {
  const found: DestructiveLine[] = [];
  code.split('\n').forEach((text, line) => {
    for (const command of simpleCommands(text)) {
      const words = stripPrefixes(command);
      const program = (words[0] ?? '').split('/').pop() ?? '';
      const rule = program.startsWith('mkfs') ? () => 'creates a new file system' : RULES[program];
      const reason = rule?.(words.slice(1));
      if (reason) {
        found.push({ line, text, reason });
        return;
      }
    }
  });
  return found;
}

/** Commands that want a terminal of their own: they run in a pty instead of the output view. */
export function needsTty(code: string): boolean {
  for (const line of code.split('\n')) {
    for (const command of simpleCommands(line)) {
      const words = stripPrefixes(command);
      const program = (words[0] ?? '').split('/').pop() ?? '';
      if (/^(top|htop|atop|iotop|nano|vi|vim|nvim|emacs|less|more|watch|mc|tmux|screen|nmtui|alsamixer)$/.test(program))
        return true;
      if (
        (program === 'pct' && words[1] === 'enter') ||
        (program === 'qm' && (words[1] === 'terminal' || words[1] === 'monitor'))
      )
        return true;
      if (program === 'ssh' && words.slice(1).filter((w) => !w.startsWith('-')).length <= 1) return true;
    }
  }
  return false;
}

/** Splits a line into simple commands, leaving quoted text alone and dropping a trailing comment. */
function simpleCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  const endWord = () => {
    if (started) words.push(word);
    word = '';
    started = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
      continue;
    }
    if (ch === '\\') {
      word += line[i + 1] ?? '';
      started = true;
      i++;
      continue;
    }
    if (ch === '#' && !started) break; // a comment
    if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')' || ch === '`') {
      endCommand();
      continue;
    }
    if (ch === '$' && line[i + 1] === '(') {
      endCommand();
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      endWord();
      continue;
    }
    word += ch;
    started = true;
  }
  endCommand();
  return commands;
}

function stripPrefixes(words: string[]): string[] {
  let rest = words;
  for (;;) {
    const first = rest[0] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) rest = rest.slice(1);
    else if (/^(sudo|nohup|time|exec|env|nice|ionice|timeout|xargs|then|do|else|if|while|!)$/.test(first)) {
      rest = rest.slice(1);
      // options of the prefix (sudo -n, timeout 10, nice -n 5)
      while (rest[0]?.startsWith('-') || (first === 'timeout' && /^\d/.test(rest[0] ?? '')))
        rest = rest.slice(rest[0] === '-n' || rest[0] === '-u' ? 2 : 1);
    } else return rest;
  }
}
