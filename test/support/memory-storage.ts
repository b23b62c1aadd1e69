/**
 * An in-memory Web Storage area: what `localStorage` is to the tabs of one origin. Two stores on one instance play
 * two tabs; `keys()` lists what is stored, for tests that check which keys a store wrote.
 */
export class MemoryStorage implements Storage {
  [name: string]: unknown;
  readonly #items = new Map<string, string>();

  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  clear(): void {
    this.#items.clear();
  }
  keys(): string[] {
    return [...this.#items.keys()];
  }
}
