#!/usr/bin/env bash
# The lint step of action.yml (the repository's composite GitHub Action), kept in its own file so that
# server/src/packaging/cliPackage.test.ts runs exactly this against the packed package. Runs under bash
# on Linux, macOS and Windows runners (Git Bash), in the repository root: `.` makes the SARIF paths
# relative to it.
# Inputs arrive as FIL_* environment variables.
# Exit codes: finish-install-lint's 1 (errors found) passes, so the SARIF log still gets uploaded (the
# action's last step fails the job afterwards if asked to); 2 (it could not check the sources) fails.
set -uo pipefail

args=(--format sarif)
if [ -n "${FIL_CONFIG:-}" ]; then args+=(--config "$FIL_CONFIG"); fi
npx --yes "finish-install-lint@${FIL_VERSION:?the version input is empty}" "${args[@]}" . > "${FIL_SARIF_FILE:-finish-install-lint.sarif}"
code=$?
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"

if [ "$code" -ge 2 ]; then
  echo "::error title=finish-install-lint::finish-install-lint could not check the sources (exit code $code); see the messages above."
  exit "$code"
fi
exit 0
