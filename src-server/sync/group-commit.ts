// Group commit (decision 0050): jobs for one key (an operator) that arrive while its transaction runs wait and then
// share the next transaction. Each job keeps its own outcome; a failed group is retried one job at a time, so a
// job that cannot be applied never takes its neighbours down with it.

/** A job's own result inside a group: a value, or the refusal that concerns this job only. */
export type Outcome<R> = { value: R } | { error: Error };

/** Runs one group in one transaction; throws when the transaction as a whole failed (nothing was kept). */
export type GroupRunner<J, R> = (key: string, jobs: J[]) => Promise<Outcome<R>[]>;

interface Waiting<J, R> {
  job: J;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Bounds one transaction: a group stops growing past this many units (commands), keeping lock times short. */
const MAX_GROUP_UNITS = 10_000;

export class GroupCommitter<J, R> {
  private readonly queues = new Map<string, Waiting<J, R>[]>();

  constructor(
    private readonly run: GroupRunner<J, R>,
    private readonly units: (job: J) => number,
  ) {}

  submit(key: string, job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ job, resolve, reject });
        return;
      }
      this.queues.set(key, [{ job, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      // Let the event loop run once before each group: pushes whose bodies arrived meanwhile (socket data, the inflate
      // worker's answers) join this group. A group's transaction never yields to the event loop on SQLite, so without
      // this turn each arrival would run alone in a transaction of its own.
      await new Promise((resolve) => setImmediate(resolve));
      let units = 0;
      let n = 0;
      while (n < queue.length && (n === 0 || units + this.units(queue[n].job) <= MAX_GROUP_UNITS)) units += this.units(queue[n++].job);
      const group = queue.splice(0, n);
      await this.runGroup(key, group);
    }
    this.queues.delete(key);
  }

  private async runGroup(key: string, group: Waiting<J, R>[]): Promise<void> {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.run(
        key,
        group.map((w) => w.job),
      );
    } catch (err) {
      if (group.length === 1) {
        group[0].reject(err);
        return;
      }
      // Something in the group failed the transaction: nothing was kept; each job is tried again on its own.
      for (const w of group) await this.runGroup(key, [w]);
      return;
    }
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if ('value' in outcome) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
