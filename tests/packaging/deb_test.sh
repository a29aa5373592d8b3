#!/usr/bin/env bash
# Checks the .deb that `cpack --preset package` built: its control data (Debian 12 dependencies from
# dpkg-shlibdeps, the conffile, the maintainer scripts), its files, hardened and stripped binaries,
# the systemd unit's hardening, and then, unpacked with `dpkg -x` into a scratch root, that the
# installed host lists the installed Heroku plugin as loadable from the installed configuration
# (adapted to the scratch root) and that the configuration's one source is disabled.
# Usage: deb_test.sh BUILD_DIR   (the package preset's build folder, holding packages/*.deb)
set -euo pipefail
build=$(cd "$1" && pwd)
umask 022   # the host refuses plugin files and folders writable by group or others

fail() { echo "FAIL: $*" >&2; exit 1; }
debs=("$build"/packages/*.deb)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "expected one .deb in $build/packages"
deb=${debs[0]}
echo "-- $deb"

control="$build/deb-control"
rm -rf "$control"
dpkg-deb --control "$deb" "$control"
depends=$(sed -n 's/^Depends: //p' "$control/control")
echo "Depends: $depends"
for dep in libc6 libstdc++6 libssl3 libpoconetssl libpoconet libpocofoundation adduser; do
    [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep"
done
grep -qx "/etc/iru/host.json" "$control/conffiles" || fail "/etc/iru/host.json is not a conffile"
for script in postinst prerm postrm; do
    [[ -x "$control/$script" ]] || fail "maintainer script $script missing"
    sh -n "$control/$script" || fail "$script is not valid sh"
done

root="$build/deb-root"
rm -rf "$root"
mkdir -p "$root"
dpkg -x "$deb" "$root"
chmod 755 "$root"
host="$root/usr/bin/iru-host-stub"
plugin="$root/usr/lib/iru/plugins/heroku/libiru_heroku.so"
unit="$root/usr/lib/systemd/system/iru-host.service"
for f in "$host" "$plugin" "$root/usr/lib/iru/plugins/heroku/heroku.json" "$root/etc/iru/host.json" "$unit" \
         "$root/usr/share/iru/schemas/host-config.schema.json" "$root/usr/include/iru/source_plugin.h" \
         "$root/usr/share/cmake/IruPluginApi/IruPluginApiConfig.cmake" \
         "$root/usr/share/doc/iru-heroku-source/README.md"; do
    [[ -f "$f" ]] || fail "not in the package: ${f#"$root"}"
done

echo "-- hardening of the shipped binaries"
for elf in "$host" "$plugin"; do
    name=${elf#"$root"}
    # Whole outputs first: `readelf | grep -q` fails under pipefail when grep stops reading early.
    segments=$(readelf -lW "$elf")
    dynamic=$(readelf -dW "$elf")
    sections=$(readelf -SW "$elf")
    symbols=$(readelf -W --dyn-syms "$elf")
    grep -q GNU_RELRO <<<"$segments" || fail "$name: no RELRO"
    grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*[[:space:]]NOW' <<<"$dynamic" || fail "$name: no BIND_NOW (-z now)"
    grep -q '\.symtab' <<<"$sections" && fail "$name: not stripped"
    grep -q '__stack_chk_fail' <<<"$symbols" || fail "$name: no stack protector"
    grep -q '__[a-z]*_chk@' <<<"$symbols" || fail "$name: no _FORTIFY_SOURCE checks"
done
header=$(readelf -hW "$host")
grep -q 'DYN (Position-Independent Executable' <<<"$header" || fail "iru-host-stub is not PIE"

echo "-- the systemd unit"
for line in "ExecStart=/usr/bin/iru-host-stub run --config /etc/iru/host.json" "User=iru-host" \
            "ProtectSystem=strict" "NoNewPrivileges=yes" "PrivateTmp=yes" "StateDirectory=iru-host"; do
    grep -qxF "$line" "$unit" || fail "the unit lacks $line"
done
if command -v systemd-analyze >/dev/null; then
    # Offline check of the unit's syntax (the binary it names is the unpacked one).
    sed "s#^ExecStart=/usr/bin/#ExecStart=$root/usr/bin/#" "$unit" >"$build/iru-host.service"
    systemd-analyze verify --man=no "$build/iru-host.service" 2>&1 | tee "$build/unit-verify.log"
    if grep -q "iru-host.service" "$build/unit-verify.log"; then fail "systemd-analyze verify complains"; fi
    # Exposure on systemd's 0-100 scale (shown divided by ten): 25 is well inside "OK".
    systemd-analyze security --offline=yes --threshold=25 "$build/iru-host.service" >"$build/unit-security.log" 2>&1 \
        || { cat "$build/unit-security.log"; fail "the unit's exposure is above 2.5"; }
    tail -n 1 "$build/unit-security.log"
fi

echo "-- the installed host with the installed configuration (in $root)"
config="$root/etc/iru/host-in-scratch-root.json"
sed -e "s#\"/usr/#\"$root/usr/#" -e "s#\"/var/#\"$root/var/#" -e "s#\"/etc/#\"$root/etc/#" \
    "$root/etc/iru/host.json" >"$config"
status=0
"$host" plugins --config "$config" >"$build/plugins.out" 2>&1 || status=$?
cat "$build/plugins.out"
[[ $status -eq 0 ]] || fail "plugins exited $status"
grep -Eq "^  heroku +[0-9.]+ +1\.[0-9]+ +loadable +$root/usr/lib/iru/plugins/heroku/heroku.json" "$build/plugins.out" \
    || fail "the installed Heroku plugin is not listed as loadable"
status=0
"$host" run --once --config "$config" >"$build/run.out" 2>&1 || status=$?
[[ $status -eq 4 ]] && grep -q "no enabled source" "$build/run.out" \
    || { cat "$build/run.out"; fail "the default configuration's source is not disabled (exit $status)"; }
echo "PASS"
