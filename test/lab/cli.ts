/**
 * npm run lab:start [-- --json] | lab:stop | lab:reset -- <state...> | tsx test/lab/cli.ts status
 * The pve2 lab: see test/lab/README.md.
 */
import { LAB_STATES, type LabInfo } from './runtime/labInfo';
import { parseStates, resetLab, runningLabInfo, startLab, stopLab } from './runtime/lab';

const HELP = `Usage: tsx test/lab/cli.ts <command> [--json]
  start            start the pve2 lab (or print the running one)      npm run lab:start
  stop             stop it: every process ends, every mount goes       npm run lab:stop
  reset [state...] back to the seed, then apply the states             npm run lab:reset -- degraded nfs-acl
  status           print the running lab, exit 1 if none
  --json           print the lab info as one JSON object (start, reset, status)

States for reset:
${Object.entries(LAB_STATES)
  .map(([name, what]) => `  ${name.padEnd(16)} ${what}`)
  .join('\n')}

Lab dir: $PVE_LAB_DIR or .lab/ at the repository root. Needs root and /dev/fuse.
`;

function printInfo(info: LabInfo, json: boolean, seconds?: number): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
    return;
  }
  const lines = [
    `pve2 lab is running${seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`}; states: ${info.states.join(' ') || 'healthy'}`,
    `  host         ${info.host}`,
    `  port         ${info.port}`,
    `  user         ${info.user}`,
    `  client key   ${info.clientKeyPath}`,
    `  password     ${info.passwordUser} / ${info.password} (passwordless sudo)`,
    `  host key     ${info.hostKeyFingerprint}`,
    `  jump sshd    ${info.host}:${info.jump.port} (${info.jump.hostKeyFingerprint})`,
    `  known_hosts  ${info.knownHostsPath}`,
    `  try          ssh -i ${info.clientKeyPath} -o UserKnownHostsFile=${info.knownHostsPath} -p ${info.port} root@${info.host} zpool status -v rpool`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [command, ...rest] = args.includes('--help') || args.includes('-h') ? ['--help'] : args;
  const t0 = Date.now();
  const log = (line: string): void => {
    if (!json) process.stderr.write(`lab: ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${line}\n`);
  };
  switch (command) {
    case 'start':
      printInfo(await startLab(log), json, (Date.now() - t0) / 1000);
      return 0;
    case 'stop':
      process.stdout.write((await stopLab(log)) ? 'pve2 lab stopped\n' : 'pve2 lab is not running\n');
      return 0;
    case 'reset':
      printInfo(await resetLab(parseStates(rest), log), json, (Date.now() - t0) / 1000);
      return 0;
    case 'status': {
      const info = await runningLabInfo();
      if (!info) {
        process.stdout.write(json ? 'null\n' : 'pve2 lab is not running\n');
        return 1;
      }
      printInfo(info, json);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command '${command}'\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
