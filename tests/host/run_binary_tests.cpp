// `iru-host-stub run` as a process with the echo test plugin: exit codes, each credential kind and
// its refusals with secrets searched everywhere, SIGTERM and SIGKILL during a run, scheduling.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <thread>

#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "sha256.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using iru::test::run_process;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

struct Site {
    iru::test::TempDir dir;
    fs::path config_file;

    Site() {
        for (const char* c : {"echo", "echo_identity", "throwing"})
            iru::test::install_test_plugin(c, dir.path() / "plugins");
        config_file = dir.path() / "host.json";
    }
    void configure(const json& sources) {
        iru::test::write_json(config_file, {{"plugin_dir", "plugins"},
                                            {"state_dir", "var/state"},
                                            {"output_dir", "var/evidence"},
                                            {"sources", sources}});
    }
    fs::path evidence() const { return dir.path() / "var" / "evidence"; }
    fs::path state() const { return dir.path() / "var" / "state"; }
    iru::test::ProcessResult run(const std::vector<std::string>& extra = {"--once"},
                                 const std::map<std::string, std::string>& env = {}) {
        std::vector<std::string> args{"run", "--config", config_file.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_process(binary, args, env, dir.path());
    }
    // Every complete run folder of a source (those with a summary.json).
    std::vector<fs::path> complete_runs(const std::string& source) const {
        std::vector<fs::path> runs;
        if (!fs::exists(evidence() / source)) return runs;
        for (const auto& item : fs::directory_iterator(evidence() / source))
            if (item.is_directory() && !item.is_symlink() &&
                fs::exists(item.path() / "summary.json"))
                runs.push_back(item.path());
        std::sort(runs.begin(), runs.end());
        return runs;
    }
};

json echo_source(const std::string& id, json options) {
    return {{"id", id}, {"plugin", "echo"}, {"options", std::move(options)}};
}

void require_no_marker(const Site& site, const iru::test::ProcessResult& r) {
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(r.err.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(iru::test::files_containing(site.evidence(), "IRU-SECRET-MARKER").empty());
    CHECK(iru::test::files_containing(site.state(), "IRU-SECRET-MARKER").empty());
}

}  // namespace

TEST_CASE("run binary: every exit code") {
    Site site;
    struct Case {
        json options;
        int exit_code;
        std::string status;
    };
    const std::vector<Case> cases = {
        {{{"count", 2}}, 0, "complete"},
        {{{"status", "partial"}}, 2, "partial"},
        {{{"status", "auth_failed"}, {"message", "token rejected"}}, 3, "auth_failed"},
        {{{"status", "network"}}, 1, "network"},
    };
    for (const auto& c : cases) {
        INFO(c.options.dump());
        site.configure(json::array({echo_source("s", c.options)}));
        const auto r = site.run();
        CHECK(r.exit_code == c.exit_code);
        CHECK_THAT(r.out, Catch::Contains("SOURCE") && Catch::Contains(c.status));
    }
    site.configure(json::array({echo_source("s", {{"unknown_option", true}})}));
    auto r = site.run();
    CHECK(r.exit_code == 4);  // refused by create before the run: one message, no table
    CHECK_THAT(r.err, Catch::Contains("/sources/0/options/unknown_option: unknown option"));

    site.configure(json::array({{{"id", "t"}, {"plugin", "throwing"}}}));
    r = site.run();
    CHECK(r.exit_code == 4);  // a plugin error
    CHECK_THAT(r.out, Catch::Contains("collect failed: deliberate failure inside collect"));

    site.configure(json::array({{{"id", "m"}, {"plugin", "not-installed"}}}));
    r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains(
                   "no such plugin \"not-installed\" (available: echo, echo-identity, throwing)"));

    // Worst outcome wins, and one failing source does not stop the others.
    site.configure(json::array({echo_source("ok", {{"count", 1}}),
                                echo_source("auth", {{"status", "auth_failed"}}),
                                echo_source("part", {{"status", "partial"}})}));
    r = site.run();
    CHECK(r.exit_code == 3);
    CHECK(site.complete_runs("ok").size() == 1);
    CHECK(site.complete_runs("part").size() == 1);
    CHECK(fs::exists(site.evidence() / "ok" / "latest" / "records.jsonl"));
}

TEST_CASE("run binary: bad configurations exit 4 naming file, path and expectation") {
    Site site;
    site.configure(
        json::array({{{"id", "s"}, {"plugin", "echo"}, {"schedule", {{"every", "often"}}}}}));
    auto r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains(site.config_file.string() +
                               ": /sources/0/schedule/every: expected a duration like \"24h\""));
    site.configure(json::array(
        {{{"id", "s"}, {"plugin", "echo"}, {"credentials", {{"token", {{"vault", "x"}}}}}}}));
    r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("/sources/0/credentials/token/vault: unknown key \"vault\""));
    site.configure(json::array({echo_source("s", json::object())}));
    r = site.run({"--once", "--source", "nope"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("/sources: no source with id \"nope\""));
    site.configure(json::array({{{"id", "s"}, {"plugin", "echo"}, {"enabled", false}}}));
    r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("no enabled source to run"));
    r = run_process(binary,
                    {"run", "--config", (site.dir.path() / "missing.json").string(), "--once"}, {},
                    site.dir.path());
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("missing.json: cannot be read"));
}

TEST_CASE(
    "run binary: each credential kind reaches the plugin and appears nowhere written or printed") {
    Site site;
    const std::string env_secret = iru::test::secret_marker("env");
    const std::string file_secret = iru::test::secret_marker("file");
    const std::string netrc_secret = iru::test::secret_marker("netrc");
    const std::string command_secret = iru::test::secret_marker("command");
    iru::test::write_text(site.dir.path() / "token.txt", file_secret + "\n", 0600);
    iru::test::write_text(
        site.dir.path() / "netrc",
        "machine api.heroku.com\n  login jane@example.com\n  password " + netrc_secret + "\n",
        0600);
    iru::test::write_text(site.dir.path() / "vault.sh",
                          "#!/bin/sh\nprintf '%s\\n' '" + command_secret + "'\n", 0700);
    const json leaky = {{"credential", "token"}, {"leak_credential", "log"}, {"count", 1}};
    auto with = [&](const std::string& id, json credential, json options) {
        json s = echo_source(id, std::move(options));
        s["credentials"] = {{"token", std::move(credential)}};
        return s;
    };
    site.configure(json::array({
        with("env", {{"env", "IRU_TEST_ENV_TOKEN"}}, leaky),
        with("file", {{"file", "token.txt"}},
             {{"credential", "token"}, {"leak_credential", "record"}}),
        with("netrc", {{"netrc", "api.heroku.com"}},
             {{"credential", "token"}, {"leak_credential", "state"}}),
        with("command", {{"command", {"./vault.sh"}}, {"timeout", "5s"}}, leaky),
    }));
    const auto r = site.run({"--once"}, {{"IRU_TEST_ENV_TOKEN", env_secret},
                                         {"NETRC", (site.dir.path() / "netrc").string()}});
    CHECK(r.exit_code == 2);  // the file source's leaking record was refused: partial
    const std::map<std::string, std::string> expected = {{"env", env_secret},
                                                         {"file", file_secret},
                                                         {"netrc", netrc_secret},
                                                         {"command", command_secret}};
    for (const auto& [id, secret] : expected) {
        INFO(id);
        const auto records =
            iru::test::read_jsonl(site.evidence() / id / "latest" / "records.jsonl");
        REQUIRE_FALSE(records.empty());
        CHECK(records[0]["type"] == "echo.credential");
        CHECK(records[0]["data"]["sha256"] == iru::host::sha256_hex(secret));
    }
    require_no_marker(site, r);
    CHECK_THAT(r.err, Catch::Contains("using token [redacted]"));
}

TEST_CASE("run binary: credential refusals") {
    Site site;
    const std::string secret = iru::test::secret_marker("refused");
    iru::test::write_text(site.dir.path() / "token.txt", secret, 0644);
    iru::test::write_text(site.dir.path() / "netrc",
                          "machine api.heroku.com password " + secret + "\n", 0600);
    iru::test::write_text(site.dir.path() / "slow.sh", "#!/bin/sh\nsleep 30\n", 0700);
    auto source = [&](json credential) {
        json s = echo_source("s", {{"credential", "token"}});
        s["credentials"] = {{"token", std::move(credential)}};
        return json::array({s});
    };
    site.configure(source({{"file", "token.txt"}}));
    auto r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out,
               Catch::Contains("token.txt is readable or writable by group or others (mode 0644)"));

    site.configure(source({{"netrc", "api.example.org"}}));
    r = site.run({"--once"}, {{"NETRC", (site.dir.path() / "netrc").string()}});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("has no password for machine api.example.org"));

    site.configure(source({{"command", {"./slow.sh"}}, {"timeout", "1s"}}));
    r = site.run();
    CHECK(r.exit_code == 4);
    CHECK(r.elapsed < std::chrono::seconds(5));
    CHECK_THAT(r.out, Catch::Contains("timed out after 1.000 s"));

    site.configure(source({{"env", "IRU_TEST_NEVER_SET"}}));
    r = site.run({"--once"}, {{"IRU_TEST_NEVER_SET", ""}});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains(
                   "environment variable IRU_TEST_NEVER_SET is not set"));  // caught before the run
    require_no_marker(site, r);
}

TEST_CASE(
    "run binary: SIGTERM during a run cancels it, writes the summary as cancelled, exits within 2 "
    "s") {
    Site site;
    site.configure(json::array({echo_source("slow", {{"count", 100000}, {"delay_ms", 5}})}));
    iru::test::ChildProcess child(binary, {"run", "--config", site.config_file.string(), "--once"},
                                  {}, site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child.err_so_far().find("starting") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto signalled = std::chrono::steady_clock::now();
    child.send(SIGTERM);
    const auto r = child.wait(std::chrono::seconds(10));
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("received SIGTERM: cancelling running collections"));
    const auto runs = site.complete_runs("slow");
    REQUIRE(runs.size() == 1);
    const json summary = json::parse(iru::test::read_text(runs[0] / "summary.json"));
    CHECK(summary["status"] == "cancelled");
    CHECK(summary["records_written"].get<int>() > 0);
    CHECK(summary["records_sha256"] == iru::host::sha256_file_hex(runs[0] / "records.jsonl"));
}

TEST_CASE(
    "run binary: a SIGKILLed run leaves nothing that looks complete, and the next run is fine") {
    Site site;
    site.configure(json::array(
        {echo_source("s", {{"count", 100000}, {"delay_ms", 5}, {"state_counter", true}})}));
    {
        iru::test::ChildProcess child(
            binary, {"run", "--config", site.config_file.string(), "--once"}, {}, site.dir.path());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (child.err_so_far().find("starting") == std::string::npos &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        child.send(SIGKILL);
        const auto r = child.wait(std::chrono::seconds(5));
        CHECK(r.term_signal == SIGKILL);
    }
    CHECK(site.complete_runs("s").empty());
    CHECK_FALSE(fs::exists(site.evidence() / "s" / "latest"));
    for (const auto& item : fs::recursive_directory_iterator(site.evidence())) {
        const std::string name = item.path().filename().string();
        CHECK(name != "records.jsonl");
        CHECK(name != "summary.json");
    }
    site.configure(json::array({echo_source("s", {{"count", 2}, {"state_counter", true}})}));
    const auto r = site.run();
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("1 incomplete run(s) left") &&
                          Catch::Contains("0 failed while writing evidence") &&
                          Catch::Contains("1 were killed before they finished"));
    CHECK(site.complete_runs("s").size() == 1);
    const auto records = iru::test::read_jsonl(site.evidence() / "s" / "latest" / "records.jsonl");
    REQUIRE(records.size() == 3);
    CHECK(records[0]["data"]["previous"].is_null());  // the killed run never saved state
}

TEST_CASE(
    "run binary: scheduled runs repeat on schedule.every, never overlap, and stop on SIGINT") {
    Site site;
    // Each run takes ~1.2 s and the schedule is every 1 s: runs must still be sequential.
    site.configure(json::array({{{"id", "tick"},
                                 {"plugin", "echo"},
                                 {"schedule", {{"every", "1s"}}},
                                 {"options", {{"count", 4}, {"delay_ms", 300}}}}}));
    iru::test::ChildProcess child(binary, {"run", "--config", site.config_file.string()}, {},
                                  site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (site.complete_runs("tick").size() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto signalled = std::chrono::steady_clock::now();
    child.send(SIGINT);
    const auto r = child.wait(std::chrono::seconds(10));
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
    CHECK_THAT(r.err, Catch::Contains("received SIGINT") && Catch::Contains("next run in"));
    const auto runs = site.complete_runs("tick");
    REQUIRE(runs.size() >= 2);
    std::string previous_finish;
    for (const auto& run : runs) {
        const json summary = json::parse(iru::test::read_text(run / "summary.json"));
        CHECK(summary["started_at"].get<std::string>() >= previous_finish);
        previous_finish = summary["finished_at"].get<std::string>();
    }
}

TEST_CASE(
    "run binary: SIGTERM while a credential command runs stops it and records a cancelled run") {
    Site site;
    iru::test::write_text(site.dir.path() / "slow-vault.sh", "#!/bin/sh\nsleep 30\necho late\n",
                          0700);
    json source = echo_source("vaulted", {{"credential", "token"}});
    source["credentials"] = {{"token", {{"command", {"./slow-vault.sh"}}, {"timeout", "60s"}}}};
    site.configure(json::array({source}));
    iru::test::ChildProcess child(binary, {"run", "--config", site.config_file.string(), "--once"},
                                  {}, site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (child.err_so_far().find("starting") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto signalled = std::chrono::steady_clock::now();
    child.send(SIGTERM);
    const auto r = child.wait(std::chrono::seconds(10));
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
    CHECK(r.exit_code == 1);
    const auto runs = site.complete_runs("vaulted");
    REQUIRE(runs.size() == 1);
    CHECK(json::parse(iru::test::read_text(runs[0] / "summary.json"))["status"] == "cancelled");
}
