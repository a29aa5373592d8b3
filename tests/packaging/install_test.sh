#!/usr/bin/env bash
# What `cmake --install --strip` gives users and other teams, checked in a scratch prefix:
#   - the installed host lists the installed Heroku plugin as loadable from the installed default
#     configuration (so the manifest's sha256 is that of the library as installed, stripped);
#   - a plugin built out of tree against the installed IruPluginApi package (tests/packaging/
#     consumer) exports only the entry symbol, and once installed with iru_install_plugin() the
#     installed host lists it as loadable; asking the package for another ABI major fails.
# Usage: install_test.sh BUILD_DIR SCRATCH_DIR C_COMPILER
set -euo pipefail
build=$1
scratch=$2
cc=$3
here=$(cd "$(dirname "$0")" && pwd)
umask 022   # the host refuses plugin files and folders writable by group or others

fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$scratch"
mkdir -p "$scratch"
prefix="$scratch/prefix"
host="$prefix/bin/iru-host-stub"

echo "-- cmake --install --strip into $prefix"
cmake --install "$build" --prefix "$prefix" --strip >"$scratch/install.log" || {
    cat "$scratch/install.log"; fail "cmake --install failed"; }
plugin="$prefix/lib/iru/plugins/heroku/libiru_heroku.so"
for f in "$host" "$plugin" "$prefix/lib/iru/plugins/heroku/heroku.json" "$prefix/etc/iru/host.json" \
         "$prefix/lib/systemd/system/iru-host.service" "$prefix/share/iru/schemas/envelope.schema.json" \
         "$prefix/share/iru/schemas/records/heroku.app.schema.json" "$prefix/include/iru/source_plugin.h" \
         "$prefix/share/doc/iru-heroku-source/examples/heroku-env.json"; do
    [[ -f "$f" ]] || fail "not installed: $f"
done
sections=$(readelf -SW "$plugin")
if grep -q '\.symtab' <<<"$sections"; then fail "$plugin was not stripped"; fi
if cmp -s "$plugin" "$build/plugins/libiru_heroku.so"; then fail "installed plugin is the unstripped build"; fi
grep -q "\"plugin_dir\": \"$prefix/lib/iru/plugins/heroku\"" "$prefix/share/doc/iru-heroku-source/examples/heroku-env.json" \
    || fail "the installed example does not point at the installed plugin folder"

echo "-- installed host, installed default configuration"
status=0
"$host" plugins --config "$prefix/etc/iru/host.json" >"$scratch/plugins.out" 2>&1 || status=$?
cat "$scratch/plugins.out"
[[ $status -eq 0 ]] || fail "plugins exited $status"
grep -Eq "^  heroku +[0-9.]+ +1\.[0-9]+ +loadable " "$scratch/plugins.out" || fail "heroku is not listed as loadable"

echo "-- out-of-tree plugin against the installed package"
consumer_build="$scratch/consumer-build"
cmake -S "$here/consumer" -B "$consumer_build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_INSTALL_PREFIX="$prefix" >"$scratch/consumer-configure.log" 2>&1 || {
    cat "$scratch/consumer-configure.log"; fail "the consumer plugin does not configure"; }
cmake --build "$consumer_build" >"$scratch/consumer-build.log" 2>&1 || {
    cat "$scratch/consumer-build.log"; fail "the consumer plugin does not build"; }
exports=$(nm -D --defined-only "$consumer_build/libconsumer.so" | awk '{print $3}' | sort | tr '\n' ' ')
[[ "$exports" == "iru_source_plugin_entry " ]] || fail "the consumer plugin exports: $exports"
[[ -f "$consumer_build/consumer.json" ]] || fail "iru_plugin_manifest wrote no manifest in the build tree"

cmake --install "$consumer_build" --strip >"$scratch/consumer-install.log" 2>&1 || {
    cat "$scratch/consumer-install.log"; fail "the consumer plugin does not install"; }
cat >"$scratch/consumer-host.json" <<JSON
{"plugin_dir": "$prefix/lib/iru/plugins/consumer", "state_dir": "state", "output_dir": "evidence",
 "sources": [{"id": "consumer", "plugin": "consumer"}]}
JSON
status=0
"$host" plugins --config "$scratch/consumer-host.json" >"$scratch/consumer-plugins.out" 2>&1 || status=$?
cat "$scratch/consumer-plugins.out"
[[ $status -eq 0 ]] || fail "plugins exited $status for the installed consumer plugin"
grep -Eq "^  consumer +0\.1\.0 +1\.1 +loadable " "$scratch/consumer-plugins.out" \
    || fail "the installed consumer plugin is not listed as loadable"

echo "-- the package refuses another ABI major"
if cmake -S "$here/consumer" -B "$scratch/consumer-abi2" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
       -DIRU_ABI_MAJOR=2 >"$scratch/consumer-abi2.log" 2>&1; then
    fail "find_package(IruPluginApi 2.0) succeeded against ABI 1"
fi
grep -q "IruPluginApi" "$scratch/consumer-abi2.log" || { cat "$scratch/consumer-abi2.log"; fail "unexpected error"; }
echo "PASS"
