// Records what a client observes, step by step, so one scenario run against NextCacheKv and one run
// against redis-server can be compared with a single deepEqual (the diff then names the first step
// that differs). Errors are observations too: a step that throws records its message.
import { setTimeout as delay } from 'node:timers/promises';

const stepTimeoutMs = 10_000;

export class Transcript {
  constructor() {
    /** @type {Array<[string, unknown]>} labels are '<section>/<step>' */
    this.steps = [];
    this.current = 'setup';
  }

  /** Starts a section (strings, hashes …): the tests compare and report each section on its own. */
  section(name) {
    this.current = name;
  }

  /** The steps of one section. */
  sectionSteps(name) {
    return this.steps.filter(([label]) => label.startsWith(`${name}/`));
  }

  /**
   * Runs one observable step; records its normalised result, or the error it threw. After a step
   * timed out the client is usually stuck, so later steps are recorded as skipped instead of each
   * waiting for its own timeout.
   */
  async step(name, action) {
    const label = `${this.current}/${name}`;
    if (this.timedOut) {
      this.steps.push([label, { error: `skipped: '${this.timedOut}' timed out` }]);
      return undefined;
    }
    let observed;
    let timer;
    try {
      // A reply that never comes (a command the server does not know in subscribed mode …) must
      // fail this step, not hang the test.
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => { this.timedOut = label; reject(new Error(`step timed out after ${stepTimeoutMs} ms`)); }, stepTimeoutMs);
      });
      observed = normalize(await Promise.race([action(), timeout]));
    } catch (error) {
      observed = { error: `${error?.constructor?.name}: ${error?.message ?? error}` };
    } finally {
      clearTimeout(timer);
    }
    this.steps.push([label, observed]);
    return observed;
  }

  /** Runs steps again after a timeout (for steps on a fresh connection, e.g. a final state snapshot). */
  resume() {
    this.timedOut = undefined;
  }

  /** The recorded value of the step with this label (for spot checks on the reference run). */
  valueOf(label) {
    const found = this.steps.find(([name]) => name === label || name.endsWith(`/${label}`));
    if (!found) throw new Error(`no step '${label}'`);
    return found[1];
  }

  /** Labels of the steps that recorded an error (expected ones are listed by the scenario). */
  errors() {
    return this.steps.filter(([, value]) => value && typeof value === 'object' && 'error' in value);
  }
}

/**
 * Makes results comparable and printable: Buffers become hex, Maps and null-prototype objects
 * become plain objects with sorted keys, nested arrays are kept in order.
 */
export function normalize(value) {
  if (Buffer.isBuffer(value)) return { hex: value.toString('hex') };
  if (value instanceof Error) return { error: `${value.constructor.name}: ${value.message}` };
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Map) return normalize(Object.fromEntries(value));
  if (value instanceof Set) return [...value].map(normalize);
  if (value && typeof value === 'object') {
    const plain = {};
    for (const key of Object.keys(value).sort()) plain[key] = normalize(value[key]);
    return plain;
  }
  return value;
}

/** Sorts an unordered collection reply (SMEMBERS, HKEYS …): Redis does not define its order. */
export function sorted(values) {
  return [...values].map(String).sort();
}

/** Sorts the field/value pairs of an HGETALL-like reply, whichever shape the client returns. */
export function sortedPairs(reply) {
  if (Array.isArray(reply)) {
    const pairs = [];
    for (let i = 0; i < reply.length; i += 2) pairs.push([String(reply[i]), String(reply[i + 1])]);
    return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const entries = reply instanceof Map ? [...reply.entries()] : Object.entries(reply ?? {});
  return entries.map(([k, v]) => [String(k), String(v)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Resolves once check() is true; rejects after timeoutMs so a lost message fails, never hangs. */
export async function waitFor(check, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}
