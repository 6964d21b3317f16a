#!/usr/bin/env bash
# Build a tour plan from nothing, as a script would: a new plan, the whole tour from a
# spreadsheet, one more screening, then a check and every export.
#
#   examples/setup-tour.sh [PLAN] [OUT]     defaults: tour.toml and tour-export/
#
# It stops at the first failure (set -e): every screenkit command exits non-zero with one
# `error: …` line per problem, and never prompts when stdin is not a terminal.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export SCREENKIT_FILE=${1:-tour.toml}
out=${2:-tour-export}

screenkit init --organiser "Homs Tour Team" --email tour@example.org
screenkit import "$here/tour.csv"
# Re-running an import is safe: existing screenings are left alone.
screenkit --quiet import "$here/tour.csv" --on-existing skip >/dev/null
# One more evening, fully from flags.
screenkit new manchester-encore --film return-to-homs --venue home-manchester \
  --date 2027-10-30 --doors 18:30 --start 19:00 --speaker amira --status tentative
screenkit check
screenkit export --out "$out"
echo "$(screenkit list --json | grep -c '"id"') screenings planned in $SCREENKIT_FILE" >&2
