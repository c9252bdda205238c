/**
 * How often a schedule fires, on average, per day: for cost estimates. EventBridge
 * Scheduler's `rate(n unit)` and six-field `cron(minutes hours day-of-month month
 * day-of-week year)`; day-of-month and day-of-week restrictions count as the share of
 * days they keep (of 30.44 and of 7).
 */
const RANGES: Record<string, [number, number]> = { minutes: [0, 59], hours: [0, 23], dom: [1, 31], month: [1, 12], dow: [1, 7] };

const NAMES: Record<string, number> = Object.fromEntries([
  ...["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].map((d, i) => [d, i + 1]),
  ...["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].map((m, i) => [m, i + 1]),
]);
const numbered = (field: string) => field.toUpperCase().replace(/[A-Z]{3}/g, (n) => String(NAMES[n] ?? n));

/** How many values a cron field takes: `*`, `?`, lists, ranges and steps; L, W and # count as one. */
function values(field: string, [lo, hi]: [number, number]): number {
  if (field === "*" || field === "?") return hi - lo + 1;
  let n = 0;
  for (const part of field.split(",")) {
    const [range, step] = part.split("/");
    const by = step ? Number(step) : 1;
    if (range === "*") n += Math.floor((hi - lo) / by) + 1;
    else if (/^\d+-\d+$/.test(range)) {
      const [a, b] = range.split("-").map(Number);
      n += Math.floor((b - a) / by) + 1;
    } else if (/^\d+$/.test(range) && step) n += Math.floor((hi - Number(range)) / by) + 1;
    else n += 1; // a value, or L, W, #: once
  }
  return n;
}

export function runsPerDay(schedule: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const n = Number(rate[1]);
    return rate[2].startsWith("minute") ? 1440 / n : rate[2].startsWith("hour") ? 24 / n : 1 / n;
  }
  const cron = /^cron\((.+)\)$/.exec(schedule);
  if (!cron) return 0; // at(…): once, not a daily rate
  const [minutes, hours, dom, month, dow] = cron[1].trim().split(/\s+/).map(numbered);
  const daily = values(minutes, RANGES.minutes) * values(hours, RANGES.hours);
  const days = dom !== "?" && dom !== "*" ? values(dom, RANGES.dom) / 30.44 : dow !== "?" && dow !== "*" ? values(dow, RANGES.dow) / 7 : 1;
  return daily * days * (values(month, RANGES.month) / 12);
}
