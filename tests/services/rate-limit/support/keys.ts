let unique = 0;
/** A key no other test uses, so tests never depend on each other's counts. */
export function freshKey(label: string): string {
  unique += 1;
  return `${label}-${process.pid}-${unique}`;
}

/** 2024-07-11T12:00:00Z, the instant the windows start from. */
export const T0 = Date.parse('2024-07-11T12:00:00Z');

/** A clock the test moves by hand. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => new Date(now),
    set: (ms: number) => {
      now = ms;
    },
  };
}
