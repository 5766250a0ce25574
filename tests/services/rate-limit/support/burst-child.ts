// A second process for the cross-process tests: open the store, say "ready", wait for "go",
// run the burst, print the results as one JSON line.
import { createInterface } from 'node:readline';
import { connectStore, type StoreSpec } from './connect.js';
import { type Burst, runBurst } from './two-processes.js';

const [specJson = '', burstJson = ''] = process.argv.slice(2);
const connection = await connectStore(JSON.parse(specJson) as StoreSpec);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await lines.next();
const results = await runBurst(connection.store, JSON.parse(burstJson) as Burst);
process.stdout.write(`${JSON.stringify(results)}\n`);
await connection.close();
process.exit(0);
