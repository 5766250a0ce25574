import { describe, expect, it } from 'vitest';
import { createBufferedLines } from '../../../src/server/buffered-lines.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createBufferedLines', () => {
  it('writes the lines of one turn in one write, in order', async () => {
    const writes: string[] = [];
    const log = createBufferedLines((text) => writes.push(text));
    log('GET /a 200');
    log('GET /b 404');
    expect(writes).toEqual([]);
    await nextTurn();
    log('GET /c 200');
    await nextTurn();
    expect(writes).toEqual(['GET /a 200\nGET /b 404\n', 'GET /c 200\n']);
  });

  it('writes what is pending when the process exits', () => {
    const writes: string[] = [];
    const log = createBufferedLines((text) => writes.push(text));
    log('SIGTERM: closing');
    process.emit('exit', 0);
    expect(writes).toEqual(['SIGTERM: closing\n']);
  });
});
