// Preloaded into a server process by the memory figure (`node --expose-gc --import
// ./bench/memory-probe.mjs ...`), so the server itself carries no debug route: on SIGUSR2, a
// full collection, then the heap in use on stderr, where the bench reads it.
process.on('SIGUSR2', () => {
  globalThis.gc();
  process.stderr.write(`heap-used ${process.memoryUsage().heapUsed}\n`);
});
