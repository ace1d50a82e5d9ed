// Compatibility scenario for redis-cli (the one installed with redis-server): commands from stdin in
// one session, in RESP2 and RESP3 (-3), --pipe mass insertion, a MULTI/EXEC session and a SUBSCRIBE
// session that receives a PUBLISH. It records stdout; compat.test.mjs compares the two servers.
import { spawn } from 'node:child_process';
import { Transcript, waitFor } from './transcript.mjs';

const cliTimeoutMs = 10_000;

/** Runs redis-cli with the given arguments and stdin; resolves with stdout, stderr and exit code. */
function runCli(port, args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { process.kill(child.pid, 'SIGKILL'); reject(new Error(`redis-cli ${args.join(' ')} timed out`)); }, cliTimeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input);
  });
}

/** RESP encoding of one command, for --pipe. */
function resp(...args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

const lines = (...commands) => `${commands.join('\n')}\n`;

export async function redisCliCompatScenario(port, prefix) {
  const t = new Transcript();
  const k = (name) => `${prefix}:${name}`;
  /** Runs one script in RESP2, then (on fresh keys) in RESP3 with -3. */
  const bothProtocols = async (name, keys, script) => {
    await t.step(`${name} (RESP2)`, () => runCli(port, [], script));
    await runCli(port, [], lines(`DEL ${keys.map(k).join(' ')}`));
    await t.step(`${name} (RESP3, -3)`, () => runCli(port, ['-3'], script));
  };

  // Multi-element unordered replies are avoided on purpose: Redis does not define their order.
  t.section('strings');
  await bothProtocols('commands', ['s', 'n', 'm1', 'm2'], lines(
    `SET ${k('s')} hello`,
    `GET ${k('s')}`,
    `SET ${k('s')} other NX`,
    `APPEND ${k('s')} !`,
    `INCR ${k('n')}`,
    `INCRBYFLOAT ${k('n')} 1.5`,
    `MSET ${k('m1')} a ${k('m2')} b`,
    `MGET ${k('m1')} ${k('m2')} ${k('missing')}`,
    `INCR ${k('s')}`,
    `DEL ${k('m1')} ${k('m2')}`,
    `EXISTS ${k('m1')}`,
    `TYPE ${k('s')}`,
  ));

  t.section('hashes');
  await bothProtocols('commands', ['h'], lines(
    `HSET ${k('h')} f1 v1 f2 v2`,
    `HGET ${k('h')} f1`,
    `HMGET ${k('h')} f1 f2 nope`,
    `HDEL ${k('h')} f2`,
    `HGETALL ${k('h')}`,
    `HEXISTS ${k('h')} f1`,
    `HLEN ${k('h')}`,
    `HSCAN ${k('h')} 0`,
    `TYPE ${k('h')}`,
    `GET ${k('h')}`,
    `HGET ${k('s')} f`,
  ));

  t.section('sets');
  await bothProtocols('commands', ['set'], lines(
    `SADD ${k('set')} a b`,
    `SREM ${k('set')} b`,
    `SMEMBERS ${k('set')}`,
    `SISMEMBER ${k('set')} a`,
    `SCARD ${k('set')}`,
    `TYPE ${k('set')}`,
    `GET ${k('set')}`,
    `SADD ${k('s')} x`,
  ));

  t.section('pipeline');
  await t.step('--pipe', () => runCli(port, ['--pipe'],
    resp('SET', k('pipe1'), '1') + resp('INCR', k('pipe1')) + resp('MSET', k('pipe2'), 'a', k('pipe3'), 'b') + resp('GET', k('pipe1'))));
  await t.step('after --pipe', () => runCli(port, [], lines(`GET ${k('pipe1')}`, `MGET ${k('pipe2')} ${k('pipe3')}`)));
  await t.step('--pipe with collections', () => runCli(port, ['--pipe'], resp('HSET', k('pipeh'), 'f', 'v') + resp('SADD', k('pipes'), 'm')));

  t.section('transaction');
  await t.step('multi/exec session', () => runCli(port, [], lines(
    'MULTI', `SET ${k('tx')} 10`, `INCR ${k('tx')}`, `SET ${k('txt')} text`, `INCR ${k('txt')}`, `GET ${k('tx')}`, 'EXEC',
    'MULTI', `SET ${k('tx2')} 1`, 'NOSUCHCOMMAND', 'EXEC',
    `EXISTS ${k('tx2')}`,
  )));

  t.section('pubsub');
  await t.step('subscribe session', async () => {
    const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'SUBSCRIBE', k('chan')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stdout += d; });
    const closed = new Promise((done) => child.once('close', done));
    try {
      await waitFor(() => stdout.includes(`${k('chan')}\n1\n`) || child.exitCode !== null, 'the subscribe confirmation');
      const published = await runCli(port, ['PUBLISH', k('chan'), 'hello']);
      await waitFor(() => stdout.includes('hello') || child.exitCode !== null, 'the published message');
      return { subscriber: stdout, publish: published };
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
      await closed;
    }
  });
  return t;
}
