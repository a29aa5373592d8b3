#!/usr/bin/env bash
# The main job: sets up a fresh Debian 12 machine, builds what the job runs (the host stub, the
# Heroku plugin and fake-heroku; scripts/test.sh builds the tests), and runs one collection through
# the host stub and the Heroku plugin.
#   - With HEROKU_API_KEY set: collects from the real Heroku Platform API (read-only).
#   - Without it: starts the project's simulated Heroku API (fake-heroku: about 50 apps in 3 teams,
#     on 127.0.0.1) and collects from that.
#   - --serve (simulated API only): after the collection runs `check` too, then keeps the simulated
#     API up until Ctrl-C, so the printed commands (check, a second run) work from another terminal.
# Evidence lands under var/run/evidence/; the host configuration used is var/run/host.json.
# Jobs: CMAKE_BUILD_PARALLEL_LEVEL when set, else one per core.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

serve=0
case "${1:-}" in
  "") ;;
  --serve) serve=1 ;;
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "run.sh: unknown argument '$1' (expected --serve or nothing)" >&2; exit 2 ;;
esac
if [[ $serve -eq 1 && -n "${HEROKU_API_KEY:-}" ]]; then
  echo "run.sh: --serve keeps the simulated API up; unset HEROKU_API_KEY to use it" >&2
  exit 2
fi

bash scripts/install-deps.sh

jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
minutes=$(( (240 / jobs + 59) / 60 ))
echo "Building the host stub, the Heroku plugin and fake-heroku into ${IRU_BUILD_DIR:-build}/:"
echo "about $minutes minute(s) with $jobs job(s) on a fresh machine, seconds when built before."
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs
IRU_BUILD_TARGETS="iru-host-stub iru_heroku fake-heroku" bash scripts/build.sh
echo

work="$root/var/run"
mkdir -p "$work"
chmod 700 "$work"
bin="$root/${IRU_BUILD_DIR:-build}/bin"
plugins="$root/${IRU_BUILD_DIR:-build}/plugins"
host="$bin/iru-host-stub"

fake_pid=""
cleanup() { [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null; true; }
trap cleanup EXIT

if [[ -n "${HEROKU_API_KEY:-}" ]]; then
  source_id="heroku"
  api_url="${HEROKU_API_URL:-https://api.heroku.com}"
  credential='{"env": "HEROKU_API_KEY"}'
  echo "Collecting from $api_url with the token in HEROKU_API_KEY (read-only)."
else
  source_id="heroku-simulated"
  port_file="$work/fake-heroku.port"
  rm -f "$port_file"
  # The simulated account's token is a fixed demo value, not a secret; the configuration reads it
  # from a file, so the commands printed below need no environment variable.
  demo_token="HRKU-demo-token-for-the-simulated-api"
  (umask 077 && printf '%s\n' "$demo_token" >"$work/demo-token")
  "$bin/fake-heroku" --port 0 --port-file "$port_file" --apps 50 --teams 3 --members 8 \
      --token "$demo_token" >"$work/fake-heroku.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 100); do [[ -s "$port_file" ]] && break; sleep 0.1; done
  [[ -s "$port_file" ]] || { echo "fake-heroku did not start; see $work/fake-heroku.log" >&2; exit 1; }
  api_url="http://127.0.0.1:$(cat "$port_file")"
  credential="{\"file\": \"$work/demo-token\"}"
  echo "No HEROKU_API_KEY given: collecting from the simulated Heroku API at $api_url"
  echo "(a generated account of 50 apps in 3 teams)."
fi

cat >"$work/host.json" <<JSON
{
  "plugin_dir": "$plugins",
  "state_dir": "state",
  "output_dir": "evidence",
  "sources": [
    {
      "id": "$source_id",
      "plugin": "heroku",
      "enabled": true,
      "schedule": {"every": "24h"},
      "credentials": {"token": $credential},
      "options": {"api_url": "$api_url"}
    }
  ]
}
JSON

status=0
"$host" run --config "$work/host.json" --once || status=$?

latest="$work/evidence/$source_id/latest"
echo
if [[ -e "$latest" ]]; then
  echo "Evidence: $(readlink -f "$latest")/records.jsonl and summary.json"
fi
echo "Host configuration: $work/host.json (the host stub is $host)"
echo

if [[ -z "$fake_pid" ]]; then
  cat <<TEXT
Next:
  HEROKU_API_KEY=<token> $host check --config $work/host.json             # who the token is, teams, expiry, budget
  HEROKU_API_KEY=<token> $host run --config $work/host.json --once        # a second run
TEXT
  exit "$status"
fi

if [[ $serve -eq 0 ]]; then
  cat <<TEXT
The simulated API has stopped with this script. Next:
  bash scripts/run.sh --serve     # keep it up, run check against it, and try the commands it prints
To collect from a real account: create a token with
  heroku authorizations:create --description "Iru Compliance"
then run:  HEROKU_API_KEY=<token> bash scripts/run.sh
TEXT
  exit "$status"
fi

echo "Checking the source against the simulated API:"
echo "\$ $host check --config $work/host.json"
"$host" check --config "$work/host.json" || true
echo
cat <<TEXT
The simulated Heroku API stays up at $api_url until you press Ctrl-C here.
In another terminal:
  $host check --config $work/host.json
  $host run --config $work/host.json --once
  $host run --config $work/host.json          # the scheduler: every 24h, until Ctrl-C
  ls $work/evidence/$source_id/
TEXT
trap 'echo; echo "Stopping the simulated API."; exit "$status"' INT TERM
wait "$fake_pid" || true
fake_pid=""
exit "$status"
