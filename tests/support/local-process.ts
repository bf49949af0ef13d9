import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { PROJECT_ROOT as ROOT } from '../../infra/paths';

export interface LocalProcess {
  url: string;
  output: () => string;
  child: ChildProcess;
  /** Sends Ctrl-C (SIGINT) to its process group and waits for it to exit; resolves to its exit code. */
  stop: () => Promise<number | null>;
  /**
   * Kills the whole process group at once (SIGKILL): a crash, no clean-up. A SIGKILLed parent
   * cannot stop its children, so the group kill is what ends DynamoDB Local's JVM; resolves
   * once no process of the group is left (or after 10 s).
   */
  crash: () => Promise<void>;
  /** The live processes of its process group: tsx, the program it runs, DynamoDB Local's JVM. */
  processGroup: () => { pid: number; command: string }[];
}

/** The live (not zombie) processes whose process group is `pgid`, from Linux's /proc. */
const groupMembers = (pgid: number) => {
  const members: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
    const end = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(end + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, end) });
  }
  return members;
};

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
};

/** Runs `npm start`'s program (node --import tsx local/start.ts) as a separate process, as a user would. */
export const startLocalProcess = async (env: Record<string, string>, timeoutMs = 60_000): Promise<LocalProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal would give it: signals reach tsx and the program it runs.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Nothing will stop it later: end it, DynamoDB Local's JVM included, before failing.
      signalGroup(child, 'SIGKILL');
      reject(new Error(`local mode did not start in time:\n${out}`));
    }, timeoutMs);
    const check = () => {
      // The banner ends with this line; wait for all of it (a pipe may split it).
      const m = out.match(/API and web app\s+(http:\/\/\S+)/);
      if (m?.[1] && out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`local mode exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) signalGroup(child, 'SIGINT');
      return exited;
    },
    crash: async () => {
      signalGroup(child, 'SIGKILL');
      await exited;
      for (const deadline = Date.now() + 10_000; child.pid && groupMembers(child.pid).length > 0 && Date.now() < deadline;) {
        signalGroup(child, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    processGroup: () => (child.pid ? groupMembers(child.pid) : []),
  };
};
