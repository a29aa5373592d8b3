// Configuration mistakes caught before a run: the JSON path of a refused option, the names offered
// for an unknown plugin or source, and no evidence folder after any such mistake.
#include <catch2/catch.hpp>

#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "source_validation.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using iru::test::run_process;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

struct Site {
    iru::test::TempDir dir;
    fs::path config_file = dir.path() / "host.json";
    Site() { iru::test::install_test_plugin("echo", dir.path() / "plugins"); }
    void configure(const json& sources) {
        iru::test::write_json(config_file, {{"plugin_dir", "plugins"},
                                            {"state_dir", "var/state"},
                                            {"output_dir", "var/evidence"},
                                            {"sources", sources}});
    }
    iru::test::ProcessResult command(const std::string& name,
                                     const std::vector<std::string>& extra = {},
                                     const std::map<std::string, std::string>& env = {}) {
        std::vector<std::string> args{name, "--config", config_file.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_process(binary, args, env, dir.path());
    }
    bool evidence_exists() const { return fs::exists(dir.path() / "var" / "evidence"); }
};

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("validation: the option a create error names becomes its JSON path") {
    using iru::host::option_path;
    CHECK(option_path("/sources/0",
                      "bad options: option 'concurrency' must be an integer, got \"x\"") ==
          "/sources/0/options/concurrency");
    CHECK(option_path("/sources/2",
                      "bad options: unknown option 'concurency' (known options: a, b)") ==
          "/sources/2/options/concurency");
    CHECK(option_path("/sources/1", "unknown option \"bogus\"") == "/sources/1/options/bogus");
    CHECK(option_path("/sources/1", "options must be a JSON object") == "/sources/1/options");
    CHECK(option_path("/sources/1", "option '' is empty") == "/sources/1/options");
}

TEST_CASE("validation: unknown plugin and source ids list what there is") {
    iru::host::HostConfig config;
    config.sources.resize(2);
    config.sources[0].id = "a";
    config.sources[1].id = "b";
    CHECK(iru::host::no_such_source("c", config) == "no source with id \"c\" (sources: a, b)");
    CHECK(iru::host::no_such_plugin("herok", {}) == "no such plugin \"herok\" (available: none)");
}

TEST_CASE("validation: plugins creates each source's instance and names the option's path") {
    Site site;
    site.configure(json::array({{{"id", "good"}, {"plugin", "echo"}, {"options", {{"count", 1}}}},
                                {{"id", "typo"}, {"plugin", "echo"}, {"options", {{"cuont", 1}}}},
                                {{"id", "gone"}, {"plugin", "herok"}}}));
    const auto r = site.command("plugins");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("Source good (/sources/0): plugin echo accepts its options"));
    CHECK_THAT(r.err, Catch::Contains(site.config_file.string() +
                                      ": /sources/1/options/cuont: unknown option \"cuont\""));
    CHECK_THAT(r.err,
               Catch::Contains(site.config_file.string() +
                               ": /sources/2/plugin: no such plugin \"herok\" (available: echo)"));
    CHECK_FALSE(site.evidence_exists());
}

TEST_CASE("validation: a configuration mistake leaves no evidence folder, one message and exit 4") {
    Site site;
    struct Case {
        std::string what;
        json sources;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"missing env var",
         json::array({{{"id", "s"},
                       {"plugin", "echo"},
                       {"credentials", {{"token", {{"env", "IRU_TEST_UNSET_VAR"}}}}}}}),
         "/sources/0/credentials/token/env: environment variable IRU_TEST_UNSET_VAR is not set or "
         "empty"},
        {"bad option",
         json::array({{{"id", "s"}, {"plugin", "echo"}, {"options", {{"bogus", 1}}}}}),
         "/sources/0/options/bogus: unknown option \"bogus\""},
        {"unknown plugin", json::array({{{"id", "s"}, {"plugin", "herok"}}}),
         "/sources/0/plugin: no such plugin \"herok\" (available: echo)"},
        {"credential name typo",
         json::array(
             {{{"id", "s"}, {"plugin", "echo"}, {"credentials", {{"tokn", {{"env", "HOME"}}}}}}}),
         "/sources/0/credentials/tokn: plugin echo declares no credential \"tokn\""},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        site.configure(c.sources);
        for (const std::string command : {"run", "check"}) {
            INFO(command);
            const auto r =
                command == "run" ? site.command("run", {"--once"}) : site.command("check");
            CHECK(r.exit_code == 4);
            CHECK(occurrences(r.err, c.message) == 1);
            CHECK(occurrences(r.err, "configuration error: ") == 1);
            CHECK(r.out.empty());  // no table, no report: the one message says it
            CHECK_FALSE(site.evidence_exists());
        }
    }
    // A mistake in one source stops the others too: nothing runs on a wrong configuration.
    site.configure(
        json::array({{{"id", "ok"}, {"plugin", "echo"}}, {{"id", "s"}, {"plugin", "herok"}}}));
    CHECK(site.command("run", {"--once"}).exit_code == 4);
    CHECK_FALSE(site.evidence_exists());
}

TEST_CASE("validation: a credential helper failing before any request leaves no folder") {
    Site site;
    site.configure(json::array({{{"id", "s"},
                                 {"plugin", "echo"},
                                 {"options", {{"credential", "token"}}},
                                 {"credentials", {{"token", {{"command", {"/bin/false"}}}}}}}}));
    const auto r = site.command("run", {"--once"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("bad_config"));
    CHECK_FALSE(fs::exists(site.dir.path() / "var" / "evidence" / "s" / "latest"));
    std::size_t folders = 0;
    if (fs::exists(site.dir.path() / "var" / "evidence" / "s"))
        for ([[maybe_unused]] const auto& item :
             fs::directory_iterator(site.dir.path() / "var" / "evidence" / "s"))
            ++folders;
    CHECK(folders == 0);
}

TEST_CASE("validation: an unknown --source lists the source ids") {
    Site site;
    site.configure(
        json::array({{{"id", "alpha"}, {"plugin", "echo"}}, {{"id", "beta"}, {"plugin", "echo"}}}));
    const auto r = site.command("run", {"--once", "--source", "gamma"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains("/sources: no source with id \"gamma\" (sources: alpha, beta)"));
    CHECK_FALSE(site.evidence_exists());
}
