/**
 * The accessible name of a running scan's progress bar: "Scrub 0.04% done", as zpool prints the
 * figure (a small one is the very case where the bar itself shows next to nothing).
 */
export function scanProgressLabel(scan: { kind: string; percent?: number }): string {
  const what = scan.kind === 'resilver' ? 'Resilver' : 'Scrub';
  return scan.percent === undefined ? `${what} in progress` : `${what} ${scan.percent}% done`;
}
