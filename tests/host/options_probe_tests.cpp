// The scheduler's option check in a child process: a plugin that crashes in create, during the
// check before the scheduler starts, ends only that child. Its source does not run and says why;
// the scheduler and the other sources carry on. Also the pure decoding of the child's answer and
// the internal command line.
#include <signal.h>

#include <catch2/catch.hpp>

#include <thread>

#include "cli.hpp"
#include "host_test_support.hpp"
#include "options_probe.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace iru::host;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

using iru::test::crash_environment;

struct Site {
    iru::test::TempDir dir;
    fs::path config_file = dir.path() / "host.json";

    Site() {
        for (const char* c : {"echo", "probe"})
            iru::test::install_test_plugin(c, dir.path() / "plugins");
    }
    void configure(const json& sources) {
        iru::test::write_json(config_file, {{"plugin_dir", "plugins"},
                                            {"state_dir", "state"},
                                            {"output_dir", "out"},
                                            {"sources", sources}});
    }
    // Finished runs of a source (folders with records.jsonl).
    std::size_t complete_runs(const std::string& source) const {
        std::size_t n = 0;
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(dir.path() / "out" / source, ec))
            if (item.is_directory() && !item.is_symlink() &&
                fs::exists(item.path() / "records.jsonl"))
                ++n;
        return n;
    }
};

json source(const std::string& id, const std::string& plugin, json options,
            const std::string& every = "") {
    json s = {{"id", id}, {"plugin", plugin}, {"options", std::move(options)}};
    if (!every.empty()) s["schedule"] = {{"every", every}};
    return s;
}

}  // namespace

TEST_CASE(
    "options probe: a plugin crashing in create during the scheduler's start-up check ends only "
    "its source") {
    Site site;
    site.configure(json::array({source("crash", "probe", {{"action", "create_segv"}}, "1s"),
                                source("good", "echo", {{"count", 2}}, "1s")}));
    iru::test::ChildProcess host(binary, {"run", "--config", site.config_file.string()},
                                 crash_environment(), site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(25);
    while (site.complete_runs("good") < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    host.send(SIGTERM);
    const auto r = host.wait(std::chrono::seconds(10));
    CHECK(r.term_signal == 0);  // the scheduler survived the crash in create
    CHECK(r.exit_code == 4);    // the crashed source is the worst result
    CHECK_THAT(r.err, Catch::Contains("killed by SIGSEGV") &&
                          Catch::Contains("while creating an instance with this source's options"));
    CHECK(site.complete_runs("good") >= 2);  // the good source ran on its schedule, more than once
    CHECK_FALSE(fs::exists(site.dir.path() / "out" / "crash"));  // nothing written for it
    CHECK_THAT(r.out, Catch::Contains("crashed"));               // the final table names it
}

TEST_CASE("options probe: run --once of several sources checks in children too") {
    Site site;
    site.configure(json::array({source("crash", "probe", {{"action", "create_segv"}}),
                                source("good", "echo", {{"count", 2}})}));
    const auto r =
        iru::test::run_process(binary, {"run", "--config", site.config_file.string(), "--once"},
                               crash_environment(), site.dir.path());
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("crashed") && Catch::Contains("complete"));
    CHECK(site.complete_runs("good") == 1);
}

TEST_CASE("options probe: options a plugin refuses stay a configuration error before any run") {
    Site site;
    site.configure(json::array({source("bad", "echo", {{"colour", "red"}}, "1s"),
                                source("good", "echo", {{"count", 1}}, "1s")}));
    const auto r = iru::test::run_process(binary, {"run", "--config", site.config_file.string()},
                                          {}, site.dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("configuration error: " + site.config_file.string() +
                                      ": /sources/0/options/colour: unknown option"));
    CHECK(site.complete_runs("good") == 0);  // nothing ran
}

TEST_CASE("options probe: plugins reports a plugin crashing in create and lists the rest") {
    Site site;
    site.configure(json::array({source("crash", "probe", {{"action", "create_segv"}}),
                                source("good", "echo", {{"count", 1}})}));
    const auto r =
        iru::test::run_process(binary, {"plugins", "--config", site.config_file.string()},
                               crash_environment(), site.dir.path());
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("Source crash (/sources/0): plugin probe was killed by "
                                      "SIGSEGV") &&
                          Catch::Contains("Source good (/sources/1): plugin echo accepts its "
                                          "options and credentials"));
}

TEST_CASE("options probe: the child's answer decoded, anything else is no answer") {
    using Outcome = OptionsProbe::Outcome;
    const ChildExit exited{true, 0, 0};
    const auto report = [](const std::string& id, const std::string& error) {
        return options_probe_report(id, error).dump();
    };
    CHECK(options_probe_outcome("s", report("s", ""), false, exited, false).outcome ==
          Outcome::accepted);
    const auto refused =
        options_probe_outcome("s", report("s", "option 'x': bad"), false, exited, false);
    CHECK(refused.outcome == Outcome::refused);
    CHECK(refused.text == "option 'x': bad");
    // A signal wins over a report (it may have crashed in destroy, after writing).
    const auto crashed =
        options_probe_outcome("s", report("s", ""), false, ChildExit{false, -1, SIGSEGV}, false);
    CHECK(crashed.outcome == Outcome::crashed);
    CHECK_THAT(crashed.text, Catch::Contains("SIGSEGV"));
    CHECK(options_probe_outcome("s", report("s", ""), false, exited, true).outcome ==
          Outcome::failed);
    for (const std::string& bad : {std::string(), std::string("{"), report("other", ""),
                                   std::string(R"({"format":"x/1","source":"s","error":""})"),
                                   std::string(R"({"format":"iru-host-child-validation/1",)"
                                               R"("source":"s","error":3})")}) {
        INFO(bad);
        const auto o = options_probe_outcome("s", bad, false, ChildExit{true, 1, 0}, false);
        CHECK(o.outcome == Outcome::failed);
        CHECK_THAT(o.text, Catch::Contains("exit code 1"));
    }
    CHECK(options_probe_outcome("s", report("s", ""), true, exited, false).outcome ==
          Outcome::failed);
}

TEST_CASE("options probe: child-validate is internal and needs its source and descriptor") {
    const CommandLine ok = parse_command_line(
        {"child-validate", "--config", "h.json", "--source", "s", "--result-fd", "3"});
    CHECK(ok.error.empty());
    CHECK(ok.command == CommandLine::Command::child_validate);
    CHECK(ok.result_fd == 3);
    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"child-validate", "--config", "h.json", "--result-fd", "3"},
             {"child-validate", "--config", "h.json", "--source", "s"},
             {"child-validate", "--config", "h.json", "--source", "s", "--result-fd", "x"},
             {"child-validate", "--config", "h.json", "--source", "s", "--run-id", "r1",
              "--result-fd", "3"}}) {
        INFO(bad.size());
        CHECK_FALSE(parse_command_line(bad).error.empty());
    }
    CHECK_THAT(usage_text(CommandLine::Command::none), !Catch::Contains("child-validate"));
}
