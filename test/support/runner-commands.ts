/**
 * The workflow commands GitHub's runner would read in `output`, by both of its rules
 * (actions/runner `ActionCommand.cs`): a line that starts with `::` after white space (`TryParseV2`), and the
 * legacy `##[name …]data` anywhere in a line (`TryParse`, `IndexOf("##[")`). Lines end at CR, LF or CRLF, as
 * .NET's `ReadLine` ends them.
 */
export interface RunnerCommand {
  form: '::' | '##[';
  name: string;
  line: string;
}

export function runnerCommands(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    // .NET's Trim() removes Unicode white space, as JavaScript's does.
    const trimmed = line.trim();
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2);
      if (end > 2) {
        const name = (trimmed.slice(2, end).split(' ', 1)[0] ?? '').toLowerCase();
        commands.push({ form: '::', name, line });
        continue;
      }
    }
    const legacy = line.indexOf('##[');
    if (legacy >= 0) {
      const close = line.indexOf(']', legacy);
      if (close > legacy + 3) {
        const name = (line.slice(legacy + 3, close).split(' ', 1)[0] ?? '').toLowerCase();
        commands.push({ form: '##[', name, line });
      }
    }
  }
  return commands;
}

/**
 * What an attacker would send to get a line the runner obeys: both command forms, every line end the runner
 * (or a terminal) honours, white space the runner trims, and characters that hide text.
 */
export const HOSTILE_TEXTS = [
  '##[stop-commands]x',
  'ok ##[add-mask]FAIL',
  'a ##[save-state name=finished;]true',
  '##[set-output name=status;]healthy',
  '###[warning]three hashes',
  '#\u200b#[error]zero-width between',
  '#\u0000#[error]NUL between',
  '::set-output name=status::healthy',
  '  ::add-mask::x',
  '\u00a0\u3000::error::after Unicode white space',
  'fine\r::warning::after a bare CR',
  'fine\r\n::stop-commands::crlf',
  'fine\u0085::warning::after NEL',
  'fine\u2028::warning::after LS',
  'fine\u2029::warning::after PS',
  'fine\u000b::warning::after VT',
  'fine\u000c::warning::after FF',
  ':\u200b:error::zero width inside',
  'bidi \u202eevil\u202c and isolate \u2066x\u2069',
  'C1 \u009b31m and \u0090DCS',
];

/** The commands the action itself may write: anything else in its output was injected. */
const OWN_COMMANDS = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

/**
 * The commands in `output` that the product did not write itself: every legacy command, any other command
 * than the ones it uses, and an `add-mask` of anything but one of `secrets`.
 */
export function injectedCommands(output: string, secrets: readonly string[]): RunnerCommand[] {
  return runnerCommands(output).filter((command) => {
    if (command.form === '##[' || !OWN_COMMANDS.has(command.name)) return true;
    if (command.name !== 'add-mask') return false;
    return !secrets.includes(command.line.trim().slice('::add-mask::'.length));
  });
}
