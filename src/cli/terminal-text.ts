import type { Output } from './output.js';

/**
 * Agency data and the error messages that quote it may hold control characters: an ESC starting
 * a CSI (`ESC[2J` clears the screen) or an OSC (sets the terminal's title), a NUL, a bell, a CR
 * that overwrites the start of a line. Text printed for a terminal or a cron e-mail shows each one
 * as a visible symbol instead; JSON and CSV keep the data as it is.
 */

// C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a one-character CSI).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character but newline shown as its Unicode control picture (`␛`,
 * `␀`, `␍`; C1 controls as `�`), one character for one, so widths and cuts stay the same. A tab
 * becomes a space.
 */
export function terminalText(text: string): string {
  return text.replaceAll('\t', ' ').replace(CONTROL, controlPicture);
}

/** `text` as one line for an error or warning: line breaks become spaces, controls symbols. */
export function terminalLine(text: string): string {
  return terminalText(text.replace(/[ \t]*\r?\n[ \t]*/g, ' '));
}

function controlPicture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/**
 * `out` with everything it writes to stderr (progress, warnings, errors, debug lines) made
 * terminal-safe; its data (stdout) is left to each format's renderer.
 */
export function terminalSafeStderr(out: Output): Output {
  return {
    data: (text) => out.data(text),
    bytes: (data) => out.bytes(data),
    dataIsTerminal: out.dataIsTerminal,
    info: (text) => out.info(terminalText(text)),
    warn: (text) => out.warn(terminalText(text)),
    error: (text) => out.error(terminalText(text)),
    debug: (text) => out.debug(terminalText(text)),
    interactive: out.interactive,
    quiet: out.quiet,
    verbose: out.verbose,
  };
}
