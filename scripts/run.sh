#!/usr/bin/env bash
# The main job: sets up a fresh Debian 12 machine, builds, and runs one collection through the host
# stub and the Heroku plugin.
#   - With HEROKU_API_KEY set: collects from the real Heroku Platform API (read-only).
#   - Without it: starts the project's simulated Heroku API (fake-heroku: about 50 apps in 3 teams,
#     on 127.0.0.1) and collects from that.
# Evidence lands under var/run/evidence/; the host configuration used is var/run/host.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null

work="$root/var/run"
mkdir -p "$work"
chmod 700 "$work"
bin="$root/${IRU_BUILD_DIR:-build}/bin"
plugins="$root/${IRU_BUILD_DIR:-build}/plugins"

fake_pid=""
cleanup() { [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null; true; }
trap cleanup EXIT

if [[ -n "${HEROKU_API_KEY:-}" ]]; then
  source_id="heroku"
  api_url="${HEROKU_API_URL:-https://api.heroku.com}"
  echo "Collecting from $api_url with the token in HEROKU_API_KEY (read-only)."
else
  source_id="heroku-simulated"
  port_file="$work/fake-heroku.port"
  rm -f "$port_file"
  # The simulated account's token is a fixed demo value, not a secret.
  demo_token="HRKU-demo-token-for-the-simulated-api"
  "$bin/fake-heroku" --port 0 --port-file "$port_file" --apps 50 --teams 3 --members 8 \
      --token "$demo_token" >"$work/fake-heroku.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 100); do [[ -s "$port_file" ]] && break; sleep 0.1; done
  [[ -s "$port_file" ]] || { echo "fake-heroku did not start; see $work/fake-heroku.log" >&2; exit 1; }
  api_url="http://127.0.0.1:$(cat "$port_file")"
  export HEROKU_API_KEY="$demo_token"
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
      "credentials": {"token": {"env": "HEROKU_API_KEY"}},
      "options": {"api_url": "$api_url"}
    }
  ]
}
JSON

status=0
"$bin/iru-host-stub" run --config "$work/host.json" --once || status=$?

latest="$work/evidence/$source_id/latest"
echo
if [[ -e "$latest" ]]; then
  echo "Evidence: $(readlink -f "$latest")/records.jsonl and summary.json"
fi
echo "Host configuration: $work/host.json"
if [[ -n "$fake_pid" ]]; then
  cat <<TEXT
To collect from a real account: create a token with
  heroku authorizations:create --description "Iru Compliance"
then run:  HEROKU_API_KEY=<token> bash scripts/run.sh
TEXT
else
  echo "To diagnose the token:  HEROKU_API_KEY=<token> $bin/iru-host-stub check --config $work/host.json"
fi
exit "$status"
