// Command ids (decision 0125). A command's id must be unique for ever, also after a device is restored from a backup
// and reuses seqs (replica.ts) — but a fresh UUID per command was a sixth of a week's catch-up on a slow link: its
// random bits do not compress. So each run of the app draws one random series (96 bits) and names its commands
// `<series>.<seq>`: unique (a restored device starts a new run, hence a new series), and on the wire a batch names
// each series once and each command only by the series' index, since HQ knows the seq.
const SERIES = /^[A-Za-z0-9_-]{16}$/;

export function isCommandSeries(text: string): boolean {
  return SERIES.test(text);
}

export function commandId(series: string, seq: number): string {
  return `${series}.${seq}`;
}

/** The series of an id made by `commandId` for this very seq; null for any other id (an older UUID, a renumbered seq). */
export function seriesOf(id: string, seq: number): string | null {
  const dot = id.length - String(seq).length - 1;
  if (dot !== 16 || id[dot] !== '.' || id.slice(dot + 1) !== String(seq)) return null;
  const series = id.slice(0, dot);
  return SERIES.test(series) ? series : null;
}
