import { quoteShellArg } from '../shell/shellQuote';
import type { RemoteOperation } from '../shell/remoteOperation';

// The runbook's NFS write test (section 6), one step at a time, so the report can say exactly
// which permission the target refuses: create, set a timestamp, chown, chmod, remove. Owner before
// mode, as rsync sets them: on an export that squashes root, chown is the step rsync fails on.

export type WriteTestStepName = 'create' | 'timestamp' | 'chmod' | 'chown' | 'remove';

export interface WriteTestStep {
  step: WriteTestStepName;
  command: string;
  ok: boolean;
  /** what the command printed when it failed */
  message: string;
}

export const WRITE_TEST_STEPS: ReadonlyArray<[WriteTestStepName, string]> = [
  ['create', 'touch "$f"'],
  ['timestamp', 'touch -t 202401010101.01 "$f"'],
  ['chown', 'chown root:root "$f"'],
  ['chmod', 'chmod 644 "$f"'],
  ['remove', 'rm -f "$f"'],
];

export function storageWriteTest(directory: string): RemoteOperation<WriteTestStep[]> {
  const lines = [
    'LC_ALL=C; export LC_ALL',
    `f=${quoteShellArg(directory)}/.pve-ops-write-test-$$`,
    'run() { name=$1; shift; out=$("$@" 2>&1); rc=$?; printf "%s\\t%s\\t%s\\n" "$name" "$rc" "$(printf %s "$out" | tr "\\t\\n" "  ")"; return $rc; }',
    ...WRITE_TEST_STEPS.map(([name, command]) =>
      name === 'create' ? `run create sh -c '${command}' sh || exit 0` : `run ${name} sh -c '${command}' sh`,
    ),
  ];
  // $f is passed into each `sh -c` through the environment
  const script = lines.join('\n').replace(/^f=/m, 'export f=');
  return {
    command: { script },
    parse: (output) =>
      output.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [step = '', rc = '1', message = ''] = line.split('\t');
          const command =
            WRITE_TEST_STEPS.find(([name]) => name === step)?.[1].replace('"$f"', `${directory}/.pve-ops-write-test`) ??
            step;
          return { step: step as WriteTestStepName, command, ok: rc === '0', message: message.trim() };
        }),
  };
}
