// One source run in-process with the echo and throwing test plugins: evidence, summary, state,
// invalid records, secrets, statuses and exit codes, cancellation.
#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

#include "host_test_support.hpp"
#include "plugin_discovery.hpp"
#include "process_runner.hpp"
#include "runner_bench.hpp"
#include "sha256.hpp"
#include "source_runner.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Bench : iru::test::RunnerBench {
    Bench() : RunnerBench({"echo", "echo_identity", "throwing", "abi_1_0"}) {}

    static CredentialSpec env_credential(const std::string& var) {
        CredentialSpec spec;
        spec.kind = CredentialSpec::Kind::env;
        spec.env_var = var;
        spec.json_path = "/sources/0/credentials/token";
        return spec;
    }
};

}  // namespace

TEST_CASE(
    "runner: echo run writes enveloped records, summary with sha256, latest, and state across "
    "runs") {
    Bench b;
    const auto src = b.source(
        "src", "echo", {{"count", 3}, {"state_counter", true}, {"summary", {{"status", "ok"}}}});
    const SourceRunResult first = b.run(src);
    CHECK(first.status == RunStatus::complete);
    CHECK(first.exit_code == 0);
    CHECK(first.records == 5);
    REQUIRE(first.run_dir == b.config.output_dir / "src" / first.run_id);
    const auto records = iru::test::read_jsonl(first.run_dir / "records.jsonl");
    REQUIRE(records.size() == 5);
    CHECK(records[0]["type"] == "echo.state");
    CHECK(records[0]["data"]["previous"].is_null());
    CHECK(records[1]["key"] == "item-0");
    for (const auto& r : records) {
        CHECK(r["source_id"] == "src");
        CHECK(r["run_id"] == first.run_id);
        CHECK(r["digest"] == "sha256:" + sha256_hex(r["data"].dump()));
    }
    const json summary = json::parse(iru::test::read_text(first.run_dir / "summary.json"));
    CHECK(summary["status"] == "complete");
    CHECK(summary["exit_code"] == 0);
    CHECK(summary["counts"]["echo.item"] == 3);
    CHECK(summary["records_sha256"] == sha256_file_hex(first.run_dir / "records.jsonl"));
    // One layer: the run's status, counts and times are the host's; the plugin's part repeats none.
    CHECK(summary["format"] == "iru-host-run-summary/2");
    REQUIRE(summary["plugin_summary"].is_object());
    for (const char* key : {"status", "counts", "started_at", "finished_at", "duration_ms"})
        CHECK_FALSE(summary["plugin_summary"].contains(key));
    CHECK_FALSE(summary.contains("collection_summary"));
    CHECK_FALSE(summary.contains("records_total"));
    std::uint64_t counted = 0;
    for (const auto& [type, n] : summary["counts"].items()) counted += n.get<std::uint64_t>();
    CHECK(summary["records_written"] ==
          counted);  // the counts, said once, add up to what was written
    CHECK(summary["plugin"]["id"] == "echo");
    CHECK(fs::read_symlink(b.config.output_dir / "src" / "latest") == first.run_id);

    const SourceRunResult second = b.run(src);
    const auto again = iru::test::read_jsonl(second.run_dir / "records.jsonl");
    CHECK(again[0]["data"]["previous"] == 1);
    CHECK(fs::read_symlink(b.config.output_dir / "src" / "latest") == second.run_id);
    CHECK_THAT(iru::test::read_text(b.config.state_dir / "src" / "state.json"),
               Catch::Contains("\"runs\": \"2\""));
}

TEST_CASE(
    "runner: invalid records are counted and reported, never written, the run becomes partial") {
    Bench b;
    const auto src = b.source(
        "src", "echo",
        {{"records", json::array({
                         {{"type", "echo.item"}, {"key", "good"}, {"data", {{"x", 1}}}},
                         {{"type", "echo.item"}, {"key", "bad-json"}, {"raw", "{not json"}},
                         {{"type", "echo.undeclared"}, {"key", "k"}, {"data", json::object()}},
                         {{"type", "echo.item"}, {"key", "array"}, {"raw", "[1,2]"}},
                     })}});
    const SourceRunResult r = b.run(src);
    CHECK(r.status == RunStatus::partial);
    CHECK(r.exit_code == 2);
    CHECK(r.records == 1);
    CHECK(r.invalid == 3);
    CHECK(r.message == "3 invalid record(s) were refused and not written");
    const auto records = iru::test::read_jsonl(r.run_dir / "records.jsonl");
    REQUIRE(records.size() == 1);
    CHECK(records[0]["key"] == "good");
    const json summary = json::parse(iru::test::read_text(r.run_dir / "summary.json"));
    CHECK(summary["invalid_records"]["count"] == 3);
    CHECK(summary["invalid_records"]["reasons"]["record data is not valid JSON"] == 1);
    CHECK(summary["invalid_records"]["reasons"]["record data is not a JSON object"] == 1);
    CHECK(summary["invalid_records"]["reasons"]
                 ["record type echo.undeclared is not declared by the plugin"] == 1);
    CHECK(fs::read_symlink(b.config.output_dir / "src" / "latest") ==
          r.run_id);  // partial is usable evidence
}

TEST_CASE(
    "runner: a lent credential never reaches records, logs or state, even when the plugin tries") {
    Bench b;
    const std::string secret = iru::test::secret_marker("runner");
    ::setenv("IRU_TEST_RUNNER_TOKEN", secret.c_str(), 1);
    for (const char* leak : {"record", "log", "state"}) {
        auto src = b.source(std::string("leak-") + leak, "echo",
                            {{"credential", "token"}, {"leak_credential", leak}});
        src.credentials.emplace("token", Bench::env_credential("IRU_TEST_RUNNER_TOKEN"));
        const SourceRunResult r = b.run(src);
        INFO(leak);
        const auto records = iru::test::read_jsonl(r.run_dir / "records.jsonl");
        REQUIRE(records.size() >= 1);
        CHECK(records[0]["type"] == "echo.credential");
        CHECK(records[0]["data"]["sha256"] ==
              sha256_hex(secret));  // the plugin got the right secret
        if (std::string(leak) == "record") {
            CHECK(r.invalid == 1);
            CHECK(r.status == RunStatus::partial);
        }
    }
    ::unsetenv("IRU_TEST_RUNNER_TOKEN");
    CHECK(iru::test::files_containing(b.dir.path() / "out", "IRU-SECRET-MARKER").empty());
    CHECK(iru::test::files_containing(b.dir.path() / "state", "IRU-SECRET-MARKER").empty());
    CHECK(b.out.str().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(b.err.str().find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK_THAT(b.err.str(), Catch::Contains("using token [redacted]"));
    CHECK_THAT(b.err.str(), Catch::Contains("refused a state value for \"leak\""));
}

TEST_CASE("runner: statuses map to exit codes, plugin failures carry the plugin's message") {
    Bench b;
    struct Case {
        json options;
        std::string status;
        int exit_code;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"status", "partial"}, {"message", "2 apps vanished"}}, "partial", 2, "2 apps vanished"},
        {{{"status", "auth_failed"}, {"message", "401: token rejected"}},
         "auth_failed",
         3,
         "401: token rejected"},
        {{{"status", "network"}, {"message", "connection refused"}},
         "network",
         1,
         "connection refused"},
        {{{"status", "permission_denied"}}, "permission_denied", 1, "echo failed as asked"},
        {{{"bogus", 1}}, "bad_config", 4, "plugin refused the options: unknown option \"bogus\""},
    };
    for (const auto& c : cases) {
        INFO(c.options.dump());
        const SourceRunResult r = b.run(b.source("s", "echo", c.options));
        CHECK(to_string(r.status) == c.status);
        CHECK(r.exit_code == c.exit_code);
        CHECK(r.message == c.message);
    }
}

TEST_CASE(
    "runner: a collect that throws is contained by the plugin, the host reports it and goes on") {
    Bench b;
    const SourceRunResult r = b.run(b.source("t", "throwing", json::object()));
    CHECK(r.status == RunStatus::internal);
    CHECK(r.exit_code == 4);
    CHECK(r.message == "collect failed: deliberate failure inside collect");
    CHECK(r.records == 1);  // emitted before the throw
    const json summary = json::parse(iru::test::read_text(r.run_dir / "summary.json"));
    CHECK(summary["status"] == "internal");
    CHECK_FALSE(fs::exists(b.config.output_dir / "t" / "latest"));
    const SourceRunResult next =
        b.run(b.source("e", "echo", {{"count", 1}}));  // the host keeps going
    CHECK(next.status == RunStatus::complete);
}

TEST_CASE("runner: credential configuration errors are configuration errors (exit 4)") {
    Bench b;
    auto undeclared = b.source("s", "echo", json::object());
    undeclared.credentials.emplace("password", Bench::env_credential("X"));
    undeclared.credentials.at("password").json_path = "/sources/0/credentials/password";
    SourceRunResult r = b.run(undeclared);
    CHECK(r.exit_code == 4);
    CHECK(r.message == "configuration error: " + b.config.file.string() +
                           ": /sources/0/credentials/password: plugin echo declares no credential "
                           "\"password\" (it declares: token)");

    r = b.run(b.source("s", "echo-identity", json::object()));
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.message,
               Catch::Contains(
                   "/sources/0/credentials: plugin echo-identity requires credential \"token\""));

    ::unsetenv("IRU_TEST_UNSET_TOKEN");
    auto unset = b.source("s", "echo", {{"credential", "token"}});
    unset.credentials.emplace("token", Bench::env_credential("IRU_TEST_UNSET_TOKEN"));
    r = b.run(unset);
    CHECK(r.status == RunStatus::bad_config);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.message, Catch::Contains("environment variable IRU_TEST_UNSET_TOKEN is not set"));
}

TEST_CASE("runner: cancel stops a running collect promptly and still writes the summary") {
    Bench b;
    const auto src = b.source(
        "slow", "echo", {{"count", 100000}, {"delay_ms", 5}, {"summary", {{"status", "ok"}}}});
    std::thread stopper([&b] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        b.cancel.stop_all();
    });
    const auto started = std::chrono::steady_clock::now();
    const SourceRunResult r = b.run(src);
    stopper.join();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(r.status == RunStatus::cancelled);
    CHECK(r.exit_code == 1);
    CHECK(r.records > 0);
    const json summary = json::parse(iru::test::read_text(r.run_dir / "summary.json"));
    CHECK(summary["status"] == "cancelled");
    CHECK(summary["plugin_summary"].is_object());
    CHECK_FALSE(summary["plugin_summary"].contains("status"));
    CHECK_FALSE(fs::exists(b.config.output_dir / "slow" / "latest"));
}

TEST_CASE("runner: check mode writes no evidence and keeps no state") {
    Bench b;
    SourceRunOptions check;
    check.write_output = false;
    check.save_state = false;
    const SourceRunResult r =
        b.run(b.source("c", "echo", {{"count", 2}, {"state_counter", true}}), check);
    CHECK(r.status == RunStatus::complete);
    CHECK(r.records == 3);
    CHECK(r.run_dir.empty());
    CHECK_FALSE(fs::exists(b.config.output_dir));
    CHECK_FALSE(fs::exists(b.config.state_dir / "c" / "state.json"));
}

TEST_CASE("runner: a plugin built against the 1.0 header loads, runs and its records are written") {
    Bench b;
    const DiscoveredPlugin* p = find_plugin(b.plugins, "abi-1-0");
    REQUIRE(p != nullptr);
    REQUIRE(p->loadable());
    CHECK(p->plugin->description().abi.minor == 0);
    CHECK(p->plugin->description().summary_record_type.empty());
    CHECK(p->plugin->extension(nullptr, "iru.check/1") ==
          nullptr);  // its table ends before get_extension

    const SourceRunResult r = b.run(b.source("old", "abi-1-0", json::object()));
    CHECK(r.status == RunStatus::complete);
    CHECK(r.records == 3);
    const auto records = iru::test::read_jsonl(r.run_dir / "records.jsonl");
    REQUIRE(records.size() == 3);
    CHECK(records[0]["type"] == "abi10.item");
    CHECK(records[1]["data"]["n"] == 2);
    // The type's suffix means nothing: without a descriptor naming it, this is an ordinary record.
    CHECK(records[2]["type"] == "abi10.collection_summary");
    CHECK_FALSE(r.collection_summary.has_value());
    const json summary = json::parse(iru::test::read_text(r.run_dir / "summary.json"));
    CHECK(summary["plugin"]["abi"] == "1.0");
    CHECK(summary["plugin_summary"].is_null());
    CHECK_THAT(b.err.str(), Catch::Contains("a 1.0 plugin collecting"));
}

TEST_CASE("runner: the summary is the record of the type the descriptor names") {
    Bench b;
    const auto src = b.source(
        "s", "echo",
        {{"records",
          json::array(
              {{{"type", "echo.item"}, {"key", "x"}, {"data", {{"status", "not the summary"}}}}})},
         {"summary", {{"status", "ok"}, {"counts", {{"echo.item", 1}}}}}});
    const SourceRunResult r = b.run(src);
    REQUIRE(r.collection_summary.has_value());
    CHECK((*r.collection_summary)["status"] == "ok");
    CHECK((*r.collection_summary)["counts"]["echo.item"] == 1);
}

TEST_CASE(
    "runner: a plugin asking the host for an extension it does not offer gets NULL and carries "
    "on") {
    Bench b;
    const SourceRunResult r =
        b.run(b.source("x", "echo", {{"host_extension", "iru.no-such-thing/1"}, {"count", 2}}));
    CHECK(r.status == RunStatus::complete);
    const auto records = iru::test::read_jsonl(r.run_dir / "records.jsonl");
    REQUIRE(records.size() == 3);
    CHECK(records[0]["type"] == "echo.extension");
    CHECK(records[0]["data"] == json({{"id", "iru.no-such-thing/1"}, {"offered", false}}));
    CHECK(records[2]["key"] == "item-1");
}

TEST_CASE(
    "runner: with no report to follow, the log carries the message and every finding, each once") {
    Bench b;
    const json summary = {
        {"status", "partial"},
        {"findings", json::array({{{"level", "warn"},
                                   {"message", "the token expires in 1 day"},
                                   {"remedy", "make a new one"},
                                   {"count", 1}},
                                  {{"level", "info"}, {"message", "admins per team: a 1"}}})}};
    const auto s = b.source(
        "main", "echo", {{"summary", summary}, {"status", "partial"}, {"message", "2 gaps here"}});
    SourceRunOptions scheduled;
    scheduled.report_follows = false;
    const SourceRunResult r = b.run(s, scheduled);
    CHECK(r.status == RunStatus::partial);
    const std::string log = b.err.str();
    CHECK_THAT(log, Catch::Contains(" warn main: the token expires in 1 day — make a new one\n"));
    CHECK_THAT(log, Catch::Contains(" info main: admins per team: a 1\n"));
    CHECK_THAT(log, Catch::Contains("partial: 1 records — 2 gaps here\n"));
    CHECK(log.find("2 gaps here") == log.rfind("2 gaps here"));

    // A report follows (run --once, check): the log says the status only, the report says the rest.
    b.err.str("");
    const SourceRunResult once = b.run(s);
    CHECK(once.message == "2 gaps here");
    CHECK(b.err.str().find("2 gaps here") == std::string::npos);
    CHECK(b.err.str().find("the token expires") == std::string::npos);
    CHECK_THAT(b.err.str(), Catch::Contains("partial: 1 records\n"));
}
