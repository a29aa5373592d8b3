// Loading only what was verified: a plugin library is opened once, checked (owner, mode, every
// folder up to /), hashed and loaded through that one descriptor; manifests, the configuration and
// file options get the same checks; `run` loads only the plugins an enabled source uses.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "file_trust.hpp"
#include "host_config.hpp"
#include "host_test_support.hpp"
#include "plugin_discovery.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace iru::host;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

json site_config(const json& sources) {
    return {{"plugin_dir", "plugins"},
            {"state_dir", "state"},
            {"output_dir", "out"},
            {"sources", sources}};
}

}  // namespace

TEST_CASE("trust: a library replaced between its hash and its load is not what gets loaded") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    iru::test::install_test_plugin("echo", plugins);
    iru::test::install_test_plugin("good_c", dir.path() / "foreign");
    const fs::path foreign = dir.path() / "foreign" / "libgood_c.so";
    int swaps = 0;
    LoadHooks hooks;
    hooks.between_hash_and_load = [&](const fs::path& library) {
        fs::rename(foreign, library);  // the attacker's rename, after the hash matched
        ++swaps;
    };
    const DiscoveredPlugin p = verify_plugin(plugins / "echo.json", hooks);
    REQUIRE(swaps == 1);
    INFO(p.refusal);
    REQUIRE(p.loadable());
    CHECK(p.plugin->description().id == "echo");  // the hashed file, not the one now at the path
    CHECK(p.plugin->library_path() == plugins / "libecho.so");
    // The path now holds the foreign library: a fresh verification refuses it by its hash.
    CHECK_THAT(verify_plugin(plugins / "echo.json").refusal, Catch::Contains("has sha256"));
}

TEST_CASE(
    "trust: a plugin_dir symlink into a world-writable folder is refused, a sticky one is fine") {
    iru::test::TempDir dir;
    const fs::path shared = dir.path() / "shared";
    iru::test::install_test_plugin("echo", shared / "plugins");
    ::chmod(shared.c_str(), 0777);
    fs::create_directory_symlink(shared / "plugins", dir.path() / "plugins");

    auto found = discover_plugins(dir.path() / "plugins");
    REQUIRE(found.size() == 1);
    CHECK_FALSE(found[0].loadable());
    CHECK_THAT(found[0].refusal,
               Catch::Contains(shared.string() + " is writable by group or others (mode 0777)"));

    ::chmod(shared.c_str(), 01777);  // sticky: only an entry's owner may rename it
    found = discover_plugins(dir.path() / "plugins");
    REQUIRE(found.size() == 1);
    CHECK(found[0].loadable());
}

TEST_CASE(
    "trust: a symlinked library or manifest, a writable manifest and a foreign owner are refused") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    iru::test::install_test_plugin("echo", plugins);
    const fs::path library = plugins / "libecho.so";
    const fs::path manifest = plugins / "echo.json";
    REQUIRE(verify_plugin(manifest).loadable());

    fs::rename(library, dir.path() / "real.so");
    fs::create_symlink(dir.path() / "real.so", library);
    CHECK_THAT(verify_plugin(manifest).refusal,
               Catch::Contains(library.string() + " is a symbolic link"));
    fs::remove(library);
    fs::rename(dir.path() / "real.so", library);

    ::chmod(manifest.c_str(), 0666);
    CHECK_THAT(verify_plugin(manifest).refusal,
               Catch::Contains("manifest refused") &&
                   Catch::Contains("echo.json is writable by group or others"));
    ::chmod(manifest.c_str(), 0600);
    fs::copy_file(manifest, dir.path() / "m.json");
    fs::remove(manifest);
    fs::create_symlink(dir.path() / "m.json", manifest);
    CHECK_THAT(verify_plugin(manifest).refusal, Catch::Contains("is a symbolic link"));
    fs::remove(manifest);
    fs::rename(dir.path() / "m.json", manifest);
    CHECK(verify_plugin(manifest).loadable());

    if (::geteuid() == 0) {  // only root can give a file away
        REQUIRE(::chown(library.c_str(), 65534, 65534) == 0);
        CHECK_THAT(verify_plugin(manifest).refusal,
                   Catch::Contains("libecho.so is owned by uid 65534"));
        REQUIRE(::chown(library.c_str(), 0, 0) == 0);
        REQUIRE(::chown(plugins.c_str(), 65534, 65534) == 0);
        CHECK_THAT(verify_plugin(manifest).refusal,
                   Catch::Contains(plugins.string() + " is owned by uid 65534"));
    }
}

TEST_CASE("trust: folder rules up to /, and a secret file must be private") {
    iru::test::TempDir dir;
    CHECK(untrusted_folder_reason(dir.path()).empty());
    CHECK(untrusted_folder_reason("/").empty());
    const fs::path open_folder = dir.path() / "open";
    fs::create_directory(open_folder);
    ::chmod(open_folder.c_str(), 0770);
    CHECK_THAT(untrusted_folder_reason(open_folder),
               Catch::Contains("is writable by group or others"));
    fs::create_directory(open_folder / "inner");
    CHECK_THAT(untrusted_folder_reason(open_folder / "inner"),
               Catch::Contains(open_folder.string() + " is writable"));

    const fs::path secret = dir.path() / "secret";
    iru::test::write_text(secret, "s3cr3t", 0640);
    TrustRule rule;
    rule.private_to_owner = true;
    CHECK_THROWS_WITH(open_trusted_file(secret, rule),
                      Catch::Contains("is readable or writable by group or others (mode 0640)"));
    ::chmod(secret.c_str(), 0600);
    CHECK(open_trusted_file(secret, rule).read_all() == "s3cr3t");
    rule.max_bytes = 3;
    CHECK_THROWS_WITH(open_trusted_file(secret, rule), Catch::Contains("is larger than 3 bytes"));
    ::mkfifo((dir.path() / "fifo").c_str(), 0600);
    CHECK_THROWS_WITH(open_trusted_file(dir.path() / "fifo"),
                      Catch::Contains("is not a regular file"));
}

TEST_CASE(
    "trust: the configuration file and a ca_file get the same checks, ca_file resolves beside the "
    "config") {
    iru::test::TempDir dir;
    const fs::path config = dir.path() / "host.json";
    fs::create_directory(dir.path() / "certs");
    iru::test::write_text(dir.path() / "certs" / "ca.pem", "-----BEGIN CERTIFICATE-----\n", 0644);
    const json source = {{"id", "s"},
                         {"plugin", "echo"},
                         {"options", {{"ca_file", "certs/ca.pem"}, {"note_file", 7}}}};
    iru::test::write_json(config, site_config(json::array({source})));

    HostConfig loaded = load_host_config(config);
    CHECK(loaded.sources[0].options["ca_file"] == (dir.path() / "certs" / "ca.pem").string());
    CHECK(loaded.sources[0].options["note_file"] ==
          7);  // not a string: left to the plugin to refuse

    ::chmod((dir.path() / "certs" / "ca.pem").c_str(), 0666);
    CHECK_THROWS_WITH(
        load_host_config(config),
        Catch::Contains(config.string() + ": /sources/0/options/ca_file: refused: ") &&
            Catch::Contains("ca.pem is writable by group or others"));
    json disabled = source;
    disabled["enabled"] = false;
    iru::test::write_json(config, site_config(json::array({disabled})));
    CHECK_NOTHROW(load_host_config(config));  // a disabled source's files are not looked at

    ::chmod(config.c_str(), 0622);
    CHECK_THROWS_WITH(load_host_config(config),
                      Catch::Contains("host.json is writable by group or others (mode 0622"));
    ::chmod(config.c_str(), 0600);
    ::chmod(dir.path().c_str(), 0777);
    CHECK_THROWS_WITH(load_host_config(config),
                      Catch::Contains(dir.path().string() + " is writable by group or others"));
    ::chmod(dir.path().c_str(), 0700);

    // A symlink to the configuration is followed; its target is what is checked.
    fs::create_symlink(config, dir.path() / "link.json");
    CHECK_NOTHROW(load_host_config(dir.path() / "link.json"));

    const auto r =
        iru::test::run_process(binary, {"plugins", "--config", config.string()}, {}, dir.path());
    CHECK_THAT(r.err, !Catch::Contains("refused: "));
    ::chmod(config.c_str(), 0666);
    const auto refused =
        iru::test::run_process(binary, {"plugins", "--config", config.string()}, {}, dir.path());
    CHECK(refused.exit_code == 4);
    CHECK_THAT(refused.err, Catch::Contains("host.json is writable by group or others"));
}

TEST_CASE("run binary: run loads only the plugins an enabled source uses, plugins loads them all") {
    iru::test::TempDir dir;
    iru::test::install_test_plugin("probe", dir.path() / "plugins");
    iru::test::install_test_plugin("probe_marked", dir.path() / "plugins");
    const fs::path config = dir.path() / "host.json";
    const fs::path marker = dir.path() / "loaded.txt";
    const std::map<std::string, std::string> env{{"IRU_TEST_LOAD_MARKER", marker.string()}};
    json marked = {{"id", "m"}, {"plugin", "probe-marked"}, {"enabled", false}};
    iru::test::write_json(config,
                          site_config(json::array({{{"id", "p"}, {"plugin", "probe"}}, marked})));

    auto r = iru::test::run_process(binary, {"run", "--config", config.string(), "--once"}, env,
                                    dir.path());
    CHECK(r.exit_code == 0);
    CHECK_FALSE(fs::exists(marker));  // nothing of the unused plugin ran

    r = iru::test::run_process(binary, {"plugins", "--config", config.string()}, env, dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("probe-marked") && Catch::Contains("loadable"));
    REQUIRE(fs::exists(marker));
    // Once by plugins itself, once by the child that checks the options of source m.
    CHECK(iru::test::read_text(marker) == "probe-marked\nprobe-marked\n");

    fs::remove(marker);
    marked["enabled"] = true;
    iru::test::write_json(config,
                          site_config(json::array({{{"id", "p"}, {"plugin", "probe"}}, marked})));
    r = iru::test::run_process(binary, {"run", "--config", config.string(), "--once"}, env,
                               dir.path());
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(marker));
}
