/**
 * `npm run fuzz -- --runs N [--seed S]`: a long fuzz run over the engine (see USAGE). Exits 1 on a
 * property violation, after shrinking it, and writes the counterexample next to a replay command.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, type DocumentLanguage } from '../engine';
import { extremeCases, runCampaign, runExtremes, TIME_LIMIT_MS, type CampaignOptions } from './campaign';
import { describeError } from './properties';

const USAGE = `npm run fuzz -- [options]
  --runs N                 inputs to try (default 1000)
  --seed S                 fast-check seed (default: time-based, printed)
  --path P                 replay one failure: fast-check's path printed with its seed
  --minutes M              stop after M minutes, whatever --runs says
  --languages c,cpp,inf    which documents to fuzz (default all)
  --time-limit MS          bound for one analysis (default 5000)
  --suppression-checks K   findings per input that get the suppression check (default 2)
  --max-mutations K        mutations per input at most (default 6)
  --no-determinism         skip the two re-analyses per input
  --no-shrink              report the first failing input as found
  --extremes               also run the 10k-deep nesting and huge-count inputs
  --big                    with --extremes: also the 50 MB inputs (minutes, GBs of memory)
  --depth D                nesting depth for --extremes (default 10000)
  --out DIR                where counterexamples go (default: a temp folder)`;

interface CliOptions extends Omit<CampaignOptions, 'onProgress'> {
  extremes: boolean;
  big: boolean;
  depth: number;
  out: string;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    runs: 1000,
    seed: Date.now() % 2 ** 31,
    languages: ['c', 'cpp', 'inf'],
    timeLimitMs: TIME_LIMIT_MS.mutated,
    suppressionChecks: 2,
    determinism: true,
    maxMutations: 6,
    shrink: true,
    extremes: false,
    big: false,
    depth: 10_000,
    out: path.join(os.tmpdir(), 'finish-install-fuzz'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      return n;
    };
    switch (arg) {
      case '--runs': options.runs = count(); break;
      case '--seed': options.seed = count(); break;
      case '--path': options.path = value(); break;
      case '--minutes': options.interruptAfterMs = Number(value()) * 60_000; break;
      case '--languages': options.languages = value().split(',').map(languageOf); break;
      case '--time-limit': options.timeLimitMs = count(); break;
      case '--suppression-checks': options.suppressionChecks = count(); break;
      case '--max-mutations': options.maxMutations = count(); break;
      case '--no-determinism': options.determinism = false; break;
      case '--no-shrink': options.shrink = false; break;
      case '--extremes': options.extremes = true; break;
      case '--big': options.big = true; break;
      case '--depth': options.depth = count(); break;
      case '--out': options.out = value(); break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  return options;
}

function languageOf(name: string): DocumentLanguage {
  if (name === 'c' || name === 'cpp' || name === 'inf') return name;
  throw new Error(`unknown language ${name}: use c, cpp or inf`);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const engine = await Engine.create();
  let failed = false;
  if (options.extremes) {
    const cases = extremeCases(options.depth).filter((c) => options.big || !c.big).filter((c) => options.languages.includes(c.language));
    console.log(`Extreme inputs: ${cases.length}`);
    const results = runExtremes(engine, cases, (r) => {
      const status = r.violations.length ? 'FAIL' : 'ok  ';
      console.log(`  ${status} ${r.name}: ${(r.length / 1024).toFixed(0)} KB, ${Math.round(r.elapsedMs)} ms${r.skipped ? `, skipped: ${r.skipped}` : ''}`);
      for (const v of r.violations) console.log(`       [${v.property}] ${v.detail.split('\n').join('\n       ')}`);
    });
    failed = results.some((r) => r.violations.length > 0);
  }
  if (options.runs > 0) {
    const started = Date.now();
    console.log(`Fuzzing ${options.languages.join(', ')}: ${options.runs} runs, seed ${options.seed}${options.path ? `, path ${options.path}` : ''}`);
    const result = runCampaign(engine, {
      ...options,
      onProgress: (n) => process.stdout.write(`  ${n} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`),
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    if (!result.failed) {
      console.log(`${result.runs} runs passed in ${seconds} s${result.interrupted ? ' (stopped by --minutes)' : ''}.`);
    } else {
      failed = true;
      console.log(`\nFAILED after ${result.runs} runs and ${result.shrinks} shrinks (${seconds} s).`);
      for (const v of result.violations ?? []) console.log(`[${v.property}] ${v.detail}`);
      if (result.error !== undefined) console.log(`fast-check or the property itself threw: ${describeError(result.error)}`);
      const input = result.counterexample;
      if (input) {
        fs.mkdirSync(options.out, { recursive: true });
        const base = path.join(options.out, `counterexample-${result.seed}`);
        const ext = input.language === 'inf' ? 'inf' : input.language;
        fs.writeFileSync(`${base}.${ext}`, input.text);
        fs.writeFileSync(`${base}.json`, JSON.stringify({ seed: input.seed, language: input.language, mutations: input.mutations }, null, 2) + '\n');
        console.log(`Seed file: ${input.seed}, analysed as ${input.language}; mutations: ${JSON.stringify(input.mutations)}`);
        console.log(`Input (${input.text.length} characters) written to ${base}.${ext}`);
      }
      console.log(`Replay: npm run fuzz -- --seed ${result.seed} --path ${result.path} --runs 1`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(describeError(error));
    process.exit(2);
  },
);
