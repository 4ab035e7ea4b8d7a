import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watch } from "./watch";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a watch", () => {
  it("looks at once and then every period, until stopped", async () => {
    let looks = 0;
    const stop = watch(async () => void (looks += 1), 1000);
    expect(looks).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(looks).toBe(4);
    stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(looks).toBe(4);
  });

  it("skips a tick while the previous look still waits, and goes on after a failure", async () => {
    let looks = 0;
    let answer: (() => void) | null = null;
    const stop = watch(() => {
      looks += 1;
      if (looks === 1) return new Promise<void>((resolve) => (answer = resolve));
      return Promise.reject(new Error("away"));
    }, 1000);
    await vi.advanceTimersByTimeAsync(2500);
    expect(looks).toBe(1);
    answer!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(looks).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(looks).toBe(3);
    stop();
  });
});
