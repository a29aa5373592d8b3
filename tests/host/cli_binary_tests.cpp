// The real iru-host-stub binary: --help, --version, usage errors and the plugins command.
#include <catch2/catch.hpp>

#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

using iru::test::run_process;
namespace fs = std::filesystem;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

}  // namespace

TEST_CASE("binary: --version and --help on every command") {
    iru::test::TempDir dir;
    auto r = run_process(binary, {"--version"}, {}, dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("iru-host-stub ") && Catch::Contains("plugin ABI 1.1"));
    r = run_process(binary, {"--help"}, {}, dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out,
               Catch::Contains("run ") && Catch::Contains("check ") && Catch::Contains("plugins "));
    for (const char* command : {"run", "check", "plugins"}) {
        r = run_process(binary, {command, "--help"}, {}, dir.path());
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::StartsWith(std::string("Usage: iru-host-stub ") + command));
    }
    r = run_process(binary, {"run", "--help"}, {}, dir.path());
    CHECK_THAT(r.out,
               Catch::Contains("--once") && Catch::Contains("4 configuration or plugin error"));
}

TEST_CASE("binary: usage errors exit 4 with the usage text") {
    iru::test::TempDir dir;
    auto r = run_process(binary, {}, {}, dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("no command given") && Catch::Contains("Usage:"));
    r = run_process(binary, {"fly"}, {}, dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("unknown command \"fly\""));
    r = run_process(binary, {"run"}, {}, dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("--config FILE is required"));
    r = run_process(binary, {"plugins", "--config", "x.json", "--once"}, {}, dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("unknown argument \"--once\""));
}

TEST_CASE("binary: plugins lists loadable and refused plugins and carries on") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    for (const char* c :
         {"echo", "bad_hash", "wrong_major", "no_entry", "descriptor_mismatch", "throwing"})
        iru::test::install_test_plugin(c, plugins);
    iru::test::write_json(dir.path() / "host.json", {{"plugin_dir", "plugins"},
                                                     {"state_dir", "state"},
                                                     {"output_dir", "out"},
                                                     {"sources", nlohmann::json::array()}});
    const auto r = run_process(binary, {"plugins", "--config", (dir.path() / "host.json").string()},
                               {}, dir.path());
    CHECK(r.exit_code == 4);  // some refused
    CHECK_THAT(r.out, Catch::Contains("Plugins in " + plugins.string()));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*echo +1\\.2\\.3 +1\\.1 +loadable(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*throwing +1\\.0\\.0 +1\\.1 +loadable(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*wrong-major +1\\.0\\.0 +2\\.0 +refused(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Contains("bad_hash.json: library") &&
                          Catch::Contains("but the manifest says"));
    CHECK_THAT(r.out, Catch::Contains("no_entry.json: libno_entry.so: missing entry symbol"));
    CHECK_THAT(r.out,
               Catch::Contains("descriptor_mismatch.json: descriptor version 9.9.9 disagrees"));
    CHECK_THAT(r.err, Catch::Contains("plugin refused: " + (plugins / "bad_hash.json").string()));

    fs::remove(plugins / "bad_hash.json");
    fs::remove(plugins / "wrong_major.json");
    fs::remove(plugins / "no_entry.json");
    fs::remove(plugins / "descriptor_mismatch.json");
    const auto clean = run_process(
        binary, {"plugins", "--config", (dir.path() / "host.json").string()}, {}, dir.path());
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.empty());

    iru::test::write_json(
        dir.path() / "host.json",
        {{"plugin_dir", "plugins"},
         {"state_dir", "state"},
         {"output_dir", "out"},
         {"sources", {{{"id", "a"}, {"plugin", "echo"}}, {{"id", "b"}, {"plugin", "heroku"}}}}});
    const auto missing = run_process(
        binary, {"plugins", "--config", (dir.path() / "host.json").string()}, {}, dir.path());
    CHECK(missing.exit_code == 4);
    CHECK_THAT(missing.err,
               Catch::Contains(
                   "/sources/1/plugin: no such plugin \"heroku\" (available: echo, throwing)"));
    CHECK_THAT(
        missing.out,
        Catch::Contains("Source a (/sources/0): plugin echo accepts its options and credentials"));
}

TEST_CASE("binary: plugins with a bad configuration names the file and path") {
    iru::test::TempDir dir;
    iru::test::write_json(dir.path() / "host.json", {{"plugin_dir", 5}});
    auto r = run_process(binary, {"plugins", "--config", (dir.path() / "host.json").string()}, {},
                         dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains((dir.path() / "host.json").string() +
                                      ": /plugin_dir: expected a string, got a number"));
    iru::test::write_json(dir.path() / "host.json", {{"plugin_dir", "absent"},
                                                     {"state_dir", "s"},
                                                     {"output_dir", "o"},
                                                     {"sources", nlohmann::json::array()}});
    r = run_process(binary, {"plugins", "--config", (dir.path() / "host.json").string()}, {},
                    dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("/plugin_dir: plugin_dir " +
                                      (dir.path() / "absent").string() + " is not a directory"));
}
