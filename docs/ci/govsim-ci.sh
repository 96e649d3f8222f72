#!/usr/bin/env bash
# Runs a govsim conformance suite against your software in trigger mode, builds the
# signed report bundle, verifies it, packs it as govsim-report.tar.gz and, when
# GOVSIM_UPLOAD_URL is set, uploads it with an HTTP PUT. Works in any CI that has
# Node 20 and bash (Jenkins, Azure Pipelines, Buildkite, a cron job…).
#
#   GOVSIM_PLATFORMS=fitconnect GOVSIM_SUT_COMMAND=./drive-my-software.sh ./govsim-ci.sh
#
# Exit code: the suite's (0 all passed, 1 a scenario failed), 2 configuration error,
# 3 the report could not be built, verified or uploaded.
set -uo pipefail

# Settings are ordinary govsim environment variables (a govsim.config.json works too).
export GOVSIM_PLATFORMS="${GOVSIM_PLATFORMS:-kernel}"   # the suite(s) to run, e.g. fitconnect
export GOVSIM_SUT=trigger
# How govsim makes your software act; "npx govsim reference-client" is a runnable stand-in.
export GOVSIM_SUT_COMMAND="${GOVSIM_SUT_COMMAND:-npx govsim reference-client}"
out="${GOVSIM_OUT_DIR:-govsim-out}"

npx govsim run
status=$?
[ "$status" -le 1 ] || exit "$status"

run_dir=$(ls -1td "$out"/runs/*/ 2>/dev/null | head -n 1)
[ -n "$run_dir" ] || { echo "govsim-ci: no run folder under $out/runs" >&2; exit 3; }
npx govsim report --run "$run_dir" --format html,json,junit || exit 3
npx govsim verify-report "${run_dir}report" || exit 3
tar -czf govsim-report.tar.gz -C "$run_dir" report || exit 3
echo "govsim-ci: report bundle ${run_dir}report (govsim-report.tar.gz)"

if [ -n "${GOVSIM_UPLOAD_URL:-}" ]; then
  curl --fail --silent --show-error --upload-file govsim-report.tar.gz "$GOVSIM_UPLOAD_URL" || exit 3
  echo "govsim-ci: uploaded to ${GOVSIM_UPLOAD_URL%%\?*}"
fi
exit "$status"
