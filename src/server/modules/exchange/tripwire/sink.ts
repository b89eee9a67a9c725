/**
 * Collects findings for one scan: stops at rules.maxFindings (truncated), and sorts them in
 * reading order at the end (findings decided at the end of a column come last otherwise).
 */
import type { Finding } from '../../../../shared/tripwire.js';

interface Entry {
  f: Finding;
  /** Order of the sheet/part/table in the file. */
  part: number;
  row: number;
  col: number;
  seq: number;
}

export class Sink {
  private entries: Entry[] = [];
  private seq = 0;
  truncated = false;

  constructor(readonly max: number) {}

  get full(): boolean {
    return this.entries.length >= this.max;
  }

  get count(): number {
    return this.entries.length;
  }

  add(f: Finding, part = 0, col = 0): void {
    if (this.entries.length >= this.max) {
      this.truncated = true;
      return;
    }
    this.entries.push({ f, part, row: f.row ?? 0, col, seq: this.seq++ });
  }

  findings(): Finding[] {
    return this.entries
      .sort((a, b) => a.part - b.part || a.row - b.row || a.col - b.col || a.seq - b.seq)
      .map((e) => e.f);
  }
}

/** Thrown inside a reader to stop reading once the sink is full. */
export class StopScan extends Error {
  constructor() {
    super('tripwire: finding limit reached');
  }
}
