import { perlNumber } from './perlJson';

/** PVE::Format renderers used by pvesh's text output. */
export type Renderer = 'bytes' | 'duration' | 'fraction_as_percentage' | 'timestamp';

export function renderBytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let unit = 0;
  let v = value;
  if (v > 1023) {
    unit = Math.floor(Math.log(v) / Math.log(1024));
    v /= 1024 ** unit;
  }
  return `${v.toFixed(2)} ${units[unit] ?? 'PiB'}`;
}

/** pvesh passes its options hash as the second argument, so accuracy is always auto-limited. */
export function renderDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (!rest) return '0s';
  const parts: string[] = [];
  const step = (unit: string, len: number): boolean => {
    const v = Math.floor(rest / len);
    if (v > 0) {
      parts.push(`${v}${unit}`);
      rest -= v * len;
      return true;
    }
    return false;
  };
  const weeks = step('w', 7 * 86400);
  const days = step('d', 86400) || weeks;
  step('h', 3600);
  if (!weeks) step('m', 60);
  if (!days) step('s', 1);
  return parts.join(' ');
}

export function renderTimestamp(epoch: number): string {
  const d = new Date(epoch * 1000);
  const z = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())} ${z(d.getHours())}:${z(d.getMinutes())}:${z(d.getSeconds())}`;
}

export function renderValue(value: unknown, renderer: Renderer | undefined): string {
  if (typeof value === 'number' && renderer) {
    switch (renderer) {
      case 'bytes':
        return renderBytes(value);
      case 'duration':
        return renderDuration(value);
      case 'fraction_as_percentage':
        return `${(value * 100).toFixed(2)}%`;
      case 'timestamp':
        return renderTimestamp(value);
    }
  }
  if (typeof value === 'number') return perlNumber(value);
  return String(value);
}
