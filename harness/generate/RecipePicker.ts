import type { Picker } from '../architecture/catalogue';

/**
 * A {@link Picker} over a recipe: a plain array of small non-negative
 * integers. Each call consumes one entry; an exhausted recipe reads as 0,
 * the simplest answer. fast-check shrinks recipes toward fewer, smaller
 * entries, which therefore decode to simpler models.
 */
export class RecipePicker implements Picker {
  private i = 0;
  constructor(private readonly recipe: readonly number[]) {}

  private next(): number {
    return this.i < this.recipe.length ? this.recipe[this.i++] : 0;
  }

  int(lo: number, hi: number): number {
    return hi <= lo ? lo : lo + (this.next() % (hi - lo + 1));
  }

  bool(): boolean {
    return this.next() % 2 === 1;
  }

  pick<T>(options: readonly T[]): T {
    return options[this.int(0, options.length - 1)];
  }

  /** Entries consumed so far. */
  get used(): number {
    return Math.min(this.i, this.recipe.length);
  }
}
