/** ANSI styling that is a no-op when colour is off, so that reporters never branch on it. */
export interface Palette {
  enabled: boolean;
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
  underline: (s: string) => string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) => (on && s ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
    underline: wrap(enabled, 4, 24),
  };
}

/**
 * Colour only for a terminal, and never when NO_COLOR is set to anything but the empty string
 * (https://no-color.org). FORCE_COLOR is deliberately not honoured: output meant for files must not
 * pick up escape codes from a CI environment variable.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Visible width of a string with ANSI codes removed. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

export function bandColor(p: Palette, band: string): (s: string) => string {
  if (band === 'exceptional' || band === 'strong') return p.green;
  if (band === 'mixed') return p.yellow;
  if (band === 'weak' || band === 'poor') return p.red;
  return (s) => s;
}
