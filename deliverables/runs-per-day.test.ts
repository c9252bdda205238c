import { runsPerDay } from "./runs-per-day";

it.each([
  ["cron(0 3 * * ? *)", 1],
  ["rate(1 hour)", 24],
  ["rate(15 minutes)", 96],
  ["rate(2 days)", 0.5],
  ["cron(0/30 8-17 ? * MON-FRI *)", 20 * (5 / 7)],
  ["cron(0 6,18 * * ? *)", 2],
  ["cron(0 2 1 * ? *)", 1 / 30.44],
  ["cron(0 4 ? * 2 *)", 1 / 7],
])("%s fires %d times a day", (schedule, runs) => {
  expect(runsPerDay(schedule)).toBeCloseTo(runs, 6);
});
