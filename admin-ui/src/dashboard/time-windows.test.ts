import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { todayWindow, weekWindow } from './time-windows.ts';

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h);

describe('dashboard time windows', () => {
  it('today runs from local midnight to the next', () => {
    const window = todayWindow(local(2025, 3, 12, 15));
    assert.equal(window.from, local(2025, 3, 12).toISOString());
    assert.equal(window.to, local(2025, 3, 13).toISOString());
  });

  it('a week runs Monday to Monday, Sunday included in the week before', () => {
    const wednesday = weekWindow(local(2025, 3, 12, 9));
    assert.equal(wednesday.from, local(2025, 3, 10).toISOString());
    assert.equal(wednesday.to, local(2025, 3, 17).toISOString());
    const sunday = weekWindow(local(2025, 3, 16, 23));
    assert.deepEqual(sunday, wednesday);
    const monday = weekWindow(local(2025, 3, 17, 0));
    assert.equal(monday.from, local(2025, 3, 17).toISOString());
  });

  it('crosses month ends', () => {
    const window = weekWindow(local(2025, 3, 2, 12));
    assert.equal(window.from, local(2025, 2, 24).toISOString());
    assert.equal(window.to, local(2025, 3, 3).toISOString());
  });
});
