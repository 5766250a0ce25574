/**
 * Log lines written once per turn of the event loop instead of once each: under load the
 * access log adds a line per request, and writing each on its own costs a system call per
 * request. Lines are written in order, and whatever is pending is written before the process
 * exits, however it exits (`process.exit` after SIGTERM or SIGINT, an uncaught error).
 */
export function createBufferedLines(write: (text: string) => void): (line: string) => void {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending === '') setImmediate(flush);
    pending += `${line}\n`;
  };
}
