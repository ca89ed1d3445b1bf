/**
 * How MSBuild's Exec task reads a line of a tool's output: its canonical-message grammar
 * (`origin(line,col): [subcategory] error|warning [code]: text`, case-insensitive, an origin without
 * colons except a drive letter's) written out here, so tests see `--format visualstudio` the way
 * Visual Studio's Error List receives it.
 */
import * as assert from 'node:assert/strict';

const MSBUILD_CANONICAL =
  /^\s*(?:(?<origin>(?:\d+>)?[a-zA-Z]?:[^:]*|[^:]*):|)(?<subcategory>|[^:]*? )(?<category>error|warning)(?: \s*(?<code>[^: ]*))?\s*:(?<text>.*)$/i;
const ORIGIN_WITH_LOCATION = /^(?:\d+>)?(?<file>.*)\((?<line>\d+),(?<column>\d+)\)\s*$/;

export interface MsBuildMessage {
  category: string;
  code: string;
  file: string;
  line: number;
  column: number;
  text: string;
}

/** What MSBuild logs for one output line: an error or warning, or undefined for a plain message. */
export function asMsBuild(line: string): MsBuildMessage | undefined {
  if (!/warning|error/i.test(line)) return undefined;
  const match = MSBUILD_CANONICAL.exec(line)?.groups;
  if (!match) return undefined;
  const origin = ORIGIN_WITH_LOCATION.exec(match.origin?.trim() ?? '')?.groups;
  assert.ok(origin, `no file(line,col) in ${line}`);
  return { category: match.category.toLowerCase(), code: match.code, file: origin.file, line: Number(origin.line), column: Number(origin.column), text: match.text.trim() };
}
