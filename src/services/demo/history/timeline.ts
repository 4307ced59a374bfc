const DAY = 86_400_000;

interface Scheduled {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/**
 * The demo's simulated time: a queue of things to do at given instants, run in time order (ties in
 * the order they were scheduled), each with the clock set to its instant — so every row and audit
 * event gets a realistic date, and the audit trail's times only ever go forward. Nothing scheduled
 * after `end` (the real "now" when seeding started) runs: that is the open work of today.
 */
export class Timeline {
  readonly #heap: Scheduled[] = [];
  #order = 0;
  #now: number;

  constructor(
    start: number,
    readonly end: number,
  ) {
    this.#now = start;
  }

  /** The simulated current instant (ms). */
  get now(): number {
    return this.#now;
  }

  /** Runs `run` at `at` (never before the current instant). Things after the end are dropped. */
  at(at: number, run: () => Promise<void>): void {
    const when = Math.max(at, this.#now);
    if (when > this.end) return;
    this.#push({ at: when, order: this.#order++, run });
  }

  /**
   * Starts a story at `at`, written as one async function: each `await wait(t)` ends its current
   * step and resumes it at `t` — or never, when `t` is after the end (the story is then still under
   * way today). One step runs at a time, so stories interleave in time order and nothing else runs
   * while a step is at work.
   */
  spawn(at: number, body: (wait: (t: number) => Promise<void>) => Promise<void>): void {
    let step: { done: () => void; fail: (error: unknown) => void } | null = null;
    const endStep = (): void => {
      const current = step;
      step = null;
      current?.done();
    };
    const begin = (resume: () => void) => () =>
      new Promise<void>((done, fail) => {
        step = { done, fail };
        resume();
      });
    const wait = (t: number) =>
      new Promise<void>((resume) => {
        this.at(t, begin(resume));
        endStep();
      });
    this.at(
      at,
      begin(() => {
        body(wait).then(endStep, (error: unknown) => {
          const current = step;
          step = null;
          if (current === null) throw error;
          current.fail(error);
        });
      }),
    );
  }

  /** Runs everything due, in order, setting the clock to each instant first. */
  async run(setClock: (ms: number) => void): Promise<number> {
    let ran = 0;
    for (;;) {
      const next = this.#pop();
      if (next === undefined) return ran;
      this.#now = next.at;
      setClock(next.at);
      await next.run();
      ran += 1;
    }
  }

  #before(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  #push(item: Scheduled): void {
    const h = this.#heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (p === undefined || !this.#before(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  #pop(): Scheduled | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = last;
      let at = -1;
      const left = h[l];
      const right = h[r];
      if (left !== undefined && this.#before(left, smallest)) {
        smallest = left;
        at = l;
      }
      if (right !== undefined && this.#before(right, smallest)) {
        smallest = right;
        at = r;
      }
      if (at === -1) break;
      h[i] = smallest;
      i = at;
    }
    h[i] = last;
    return top;
  }
}

/** Midnight UTC of the day an instant falls in. */
export const dayStart = (ms: number): number => Math.floor(ms / DAY) * DAY;

/** True on Saturdays and Sundays. */
export const isWeekend = (ms: number): boolean => {
  const d = new Date(ms).getUTCDay();
  return d === 0 || d === 6;
};

/** The same time of day on the next weekday, if `ms` falls at a weekend. */
export const onAWeekday = (ms: number): number => {
  let t = ms;
  while (isWeekend(t)) t += DAY;
  return t;
};

/**
 * An instant in working hours (08:30–16:30 UTC, which is office hours in UK winter and summer
 * alike, give or take an hour) `days` after `from`, moved off the weekend.
 */
export function workingTime(from: number, days: number, minuteOfDay: number): number {
  return onAWeekday(dayStart(from + days * DAY) + (510 + Math.max(0, Math.min(479, minuteOfDay))) * 60_000);
}

export { DAY };
