import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { logIncomingEvent, publishMetrics } from './observability';
import { refreshSettings } from './settings';
import { traceInvocation } from './tracing';

/**
 * Stack traces in the original sources, looked up only when an error is reported.
 *
 * The functions are minified bundles with external source maps. Node's `--enable-source-maps`
 * would map every stack, but it costs each cold start about 6 ms whether or not an error ever
 * happens (docs/performance.md). Instead, the frames of an error that is logged or leaves a
 * handler are looked up here, in the bundle's `.map` file, read on first use and kept.
 */
const maps = new Map<string, SourceMap | null>();

const sourceMapOf = (file: string): SourceMap | null => {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null; // No map beside the module (local mode runs the sources themselves).
    }
    maps.set(file, map);
  }
  return map;
};

/** `../../../../work/app/functions/http/x.ts` → `functions/http/x.ts`: sources are relative to where the bundle was built. */
const projectPath = (source: string) => source.replace(/^(?:.*\/)?((?:functions|shared|node_modules)\/)/, '$1');

const FRAME = /(file:\/\/\/[^\s()]+?\.mjs):(\d+):(\d+)/g;

/** Rewrites each `file:///…/x.mjs:line:column` of a stack to its place in the original sources, where the map knows it. */
export const originalStack = (stack: string): string =>
  stack.replace(FRAME, (frame, url: string, line: string, column: string) => {
    const origin = sourceMapOf(fileURLToPath(url))?.findOrigin(Number(line), Number(column));
    if (!origin || !('fileName' in origin)) return frame;
    return `${projectPath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  });

/** The same error, its stack (and its causes' stacks) in the original sources. */
export const withOriginalStack = <T>(error: T): T => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.stack) e.stack = originalStack(e.stack);
  }
  return error;
};

/** Wraps a workflow step or event handler: an error leaves it (to the runtime's log and to Step Functions) with a readable stack. */
export const taskHandler =
  <E, R>(handle: (event: E) => Promise<R>) =>
  async (event: E): Promise<R> => {
    logIncomingEvent(event);
    await refreshSettings();
    try {
      return await traceInvocation(process.env._HANDLER ?? 'handler', () => handle(event));
    } catch (error) {
      throw withOriginalStack(error);
    } finally {
      await publishMetrics();
    }
  };
