/** Who the tool says it is (SARIF's tool.driver, --version). Read from package.json so releases need no code change. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TOOL_NAME = 'finish-install-lint';

/**
 * Used until package.json names a repository: SARIF viewers need an absolute informationUri and helpUri.
 * Replace by adding "repository" (or "homepage") to package.json, not by editing this constant.
 */
export const FALLBACK_REPOSITORY_URL = 'https://github.com/finish-install-lint/finish-install-lint';

export interface ToolInfo {
  name: string;
  version: string;
  /** Web address of the project; rule documentation lives under it. */
  repositoryUrl: string;
}

/**
 * The extension's package.json: three folders up from server/out/cli in the checkout, one up from
 * dist/ in the bundled package. The nearest one that names this tool wins.
 */
const PACKAGE_JSON = findOwnPackageJson(__dirname);

function findOwnPackageJson(start: string): string {
  for (let dir = start, up = 0; up < 5; dir = path.dirname(dir), up++) {
    const candidate = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown }).name === TOOL_NAME) return candidate;
    } catch {
      // not here: keep looking upwards
    }
  }
  return path.resolve(start, '..', '..', '..', 'package.json');
}

interface PackageJsonFields {
  version?: unknown;
  homepage?: unknown;
  repository?: unknown;
}

export function readToolInfo(packageJsonPath = PACKAGE_JSON): ToolInfo {
  let pkg: PackageJsonFields = {};
  try {
    pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')) as PackageJsonFields;
  } catch {
    // A missing package.json must not stop linting; the version is cosmetic.
  }
  return {
    name: TOOL_NAME,
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    repositoryUrl: repositoryUrlOf(pkg) ?? FALLBACK_REPOSITORY_URL,
  };
}

function repositoryUrlOf(pkg: PackageJsonFields): string | undefined {
  const repository = pkg.repository;
  const raw =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && typeof (repository as { url?: unknown }).url === 'string'
        ? (repository as { url: string }).url
        : typeof pkg.homepage === 'string'
          ? pkg.homepage
          : undefined;
  if (!raw) return undefined;
  // npm allows "git+https://...x.git" and "github:owner/name"; SARIF wants a browsable https address.
  const github = /^github:(.+)$/.exec(raw);
  const url = github ? `https://github.com/${github[1]}` : raw.replace(/^git\+/, '').replace(/\.git$/, '');
  return /^https?:\/\//.test(url) ? url.replace(/\/+$/, '') : undefined;
}

/** Browsable address of a repository file, e.g. a rule's documentation page. */
export function repositoryFileUrl(tool: ToolInfo, relativePath: string): string {
  return `${tool.repositoryUrl}/blob/main/${relativePath}`;
}
