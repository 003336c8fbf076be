/**
 * CIM datetimes between DSP0230's XML forms (what WS-Man carries) and DMTF text (the
 * runtime's wire form):
 *   `<cim:Datetime>2010-12-31T12:30:03.123456+06:00</cim:Datetime>` ↔ `20101231123003.123456+360`
 *   `<cim:Interval>P1DT2H3M4.5S</cim:Interval>`                    ↔ `00000001020304.500000:000`
 *   `<cim:Date>2010-12-31Z</cim:Date>`                             ↔ `20101231******.******+000`
 *   `<cim:Time>12:30:03Z</cim:Time>`                               ↔ `********123003.******+000`
 */

const dateTimeRe =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const dateRe = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const timeRe = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const durationRe =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/;

function utcOffset(zone: string | undefined): string {
  if (!zone || zone === 'Z') return '+000';
  const sign = zone[0];
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  return `${sign}${String(minutes).padStart(3, '0')}`;
}

function micro(fraction: string | undefined): string {
  return (fraction ?? '').slice(0, 6).padEnd(6, '0');
}

/** DMTF text of an xs:dateTime; undefined when `text` is not one. */
export function dmtfOfXsDateTime(text: string): string | undefined {
  const m = dateTimeRe.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, f, z] = m;
  return `${y.padStart(4, '0')}${mo}${d}${h}${mi}${s}.${micro(f)}${utcOffset(z)}`;
}

export function dmtfOfXsDate(text: string): string | undefined {
  const m = dateRe.exec(text.trim());
  if (!m) return undefined;
  return `${m[1]}${m[2]}${m[3]}******.******${utcOffset(m[4])}`;
}

export function dmtfOfXsTime(text: string): string | undefined {
  const m = timeRe.exec(text.trim());
  if (!m) return undefined;
  const frac = m[4] === undefined ? '******' : micro(m[4]);
  return `********${m[1]}${m[2]}${m[3]}.${frac}${utcOffset(m[5])}`;
}

/**
 * DMTF interval text of an xs:duration. Years and months have no fixed length; they
 * count as 365 and 30 days (servers write intervals in days and smaller units).
 */
export function dmtfOfXsDuration(text: string): string | undefined {
  const t = text.trim();
  const m = durationRe.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return undefined;
  const n = (i: number): bigint => BigInt(m[i] ?? '0');
  let seconds = n(6) + 60n * (n(5) + 60n * n(4));
  let days = n(1) * 365n + n(2) * 30n + n(3) + seconds / 86400n;
  seconds %= 86400n;
  if (days > 99999999n) days = 99999999n;
  const hh = seconds / 3600n;
  const mm = (seconds % 3600n) / 60n;
  const ss = seconds % 60n;
  const p = (v: bigint, w: number): string => v.toString().padStart(w, '0');
  return `${p(days, 8)}${p(hh, 2)}${p(mm, 2)}${p(ss, 2)}.${micro(m[7])}:000`;
}

const dmtfRe =
  /^([\d*]{4})([\d*]{2})([\d*]{2})([\d*]{2})([\d*]{2})([\d*]{2})\.([\d*]{6})([+-])(\d{3})$/;
const dmtfIntervalRe = /^(\d{8})(\d{2})(\d{2})(\d{2})\.(\d{6}):000$/;

export function isDmtfInterval(text: string): boolean {
  return dmtfIntervalRe.test(text);
}

export function isDmtfDatetime(text: string): boolean {
  return dmtfRe.test(text) || dmtfIntervalRe.test(text);
}

function zoneOf(sign: string, minutes: string): string {
  const m = Number(minutes);
  if (m === 0) return 'Z';
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/** The DSP0230 element (`Datetime`, `Interval`, `Date`, `Time`) and text for DMTF text. */
export function xsOfDmtf(dmtf: string): { readonly element: string; readonly text: string } {
  const iv = dmtfIntervalRe.exec(dmtf);
  if (iv) {
    const [, d, h, mi, s, f] = iv;
    const frac = /^0+$/.test(f) ? '' : `.${f}`;
    return {
      element: 'Interval',
      text: `P${Number(d)}DT${Number(h)}H${Number(mi)}M${Number(s)}${frac}S`,
    };
  }
  const m = dmtfRe.exec(dmtf);
  if (!m) throw new RangeError(`not a DMTF datetime: ${JSON.stringify(dmtf)}`);
  const [, y, mo, d, h, mi, s, f, sign, off] = m;
  const zone = zoneOf(sign, off);
  const hasDate = !`${y}${mo}${d}`.includes('*');
  const hasTime = !`${h}${mi}${s}`.includes('*');
  const frac = f.includes('*') ? '' : `.${f}`;
  if (hasDate && hasTime)
    return { element: 'Datetime', text: `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}` };
  if (hasDate) return { element: 'Date', text: `${y}-${mo}-${d}${zone}` };
  if (hasTime) return { element: 'Time', text: `${h}:${mi}:${s}${frac}${zone}` };
  throw new RangeError(
    `a DMTF datetime without date or time cannot be sent: ${JSON.stringify(dmtf)}`,
  );
}
