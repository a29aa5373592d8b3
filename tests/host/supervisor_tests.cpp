// Supervised runs: each scheduled collection in a child process of its own. A plugin that segfaults
// or aborts in collect, or runs into its memory limit, ends only its run: the scheduler and the
// other sources carry on, the crashed run gets a failed summary naming the signal and nothing that
// looks complete. Also the pure parts: the child's report, the ended run's outcome and evidence,
// the option.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "child_process.hpp"
#include "cli.hpp"
#include "collect/schema_check.hpp"
#include "ended_run.hpp"
#include "host_config.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "run_output.hpp"
#include "run_result_codec.hpp"
#include "sha256.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace iru::host;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

using iru::test::address_sanitizer;
using iru::test::crash_environment;

json read_json(const fs::path& file) { return json::parse(iru::test::read_text(file)); }

std::vector<std::string> schema_errors_of_summary(const json& summary) {
    const json schema =
        read_json(fs::path(IRU_SOURCE_DIR) / "manifests/schemas/host-run-summary.schema.json");
    return iru::test::schema_errors(schema, summary);
}

struct Site {
    iru::test::TempDir dir;
    fs::path config_file = dir.path() / "host.json";

    Site() {
        for (const char* c : {"echo", "probe"})
            iru::test::install_test_plugin(c, dir.path() / "plugins");
    }
    void configure(const json& sources, const json& scheduler = nullptr) {
        json config = {{"plugin_dir", "plugins"},
                       {"state_dir", "state"},
                       {"output_dir", "out"},
                       {"sources", sources}};
        if (!scheduler.is_null()) config["scheduler"] = scheduler;
        iru::test::write_json(config_file, config);
    }
    fs::path out() const { return dir.path() / "out"; }
    // Folders of a source's runs: finished ones ("<run id>" with summary.json), and "<run
    // id>.partial" ones with a summary.json (failed, finished by the scheduler).
    std::vector<fs::path> runs(const std::string& source, bool partial) const {
        std::vector<fs::path> found;
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(out() / source, ec)) {
            const bool is_partial = item.path().extension() == ".partial";
            if (item.is_directory() && !item.is_symlink() && is_partial == partial &&
                fs::exists(item.path() / "summary.json"))
                found.push_back(item.path());
        }
        std::sort(found.begin(), found.end());
        return found;
    }
};

json probe(const std::string& id, json options, const std::string& every = "") {
    json source = {{"id", id}, {"plugin", "probe"}, {"options", std::move(options)}};
    if (!every.empty()) source["schedule"] = {{"every", every}};
    return source;
}

json echo(const std::string& id, json options, const std::string& every = "") {
    json source = {{"id", id}, {"plugin", "echo"}, {"options", std::move(options)}};
    if (!every.empty()) source["schedule"] = {{"every", every}};
    return source;
}

// What every crashed run's folder must show: a failed summary naming the signal, the record the
// probe wrote before crashing counted and hashed, nothing named like complete evidence.
void check_crashed_run(const fs::path& folder, const std::string& signal_name) {
    INFO(folder.string());
    const json summary = read_json(folder / "summary.json");
    CHECK(summary["status"] == "crashed");
    CHECK(summary["exit_code"] == 4);
    CHECK(summary["crash"]["signal"] == signal_name);
    CHECK_THAT(summary["message"].get<std::string>(), Catch::Contains(signal_name));
    CHECK(summary["records_file"] == "records.jsonl.tmp");
    CHECK(summary["records_written"] == 1);
    CHECK(summary["records_sha256"] == sha256_file_hex(folder / "records.jsonl.tmp"));
    CHECK(summary["counts"] == json({{"probe.item", 1}}));
    CHECK_FALSE(fs::exists(folder / "records.jsonl"));
    for (const auto& e : schema_errors_of_summary(summary)) FAIL_CHECK(e);
}

}  // namespace

TEST_CASE(
    "supervisor: a plugin that crashes in collect ends only its run, the scheduler and the good "
    "source go on") {
    for (const auto& [action, signal_name] :
         {std::pair<std::string, std::string>{"segv", "SIGSEGV"}, {"abort", "SIGABRT"}}) {
        INFO(action);
        Site site;
        site.configure(json::array(
            {probe("crash", {{"action", action}}, "1s"), echo("good", {{"count", 3}}, "1s")}));
        iru::test::ChildProcess host(binary, {"run", "--config", site.config_file.string()},
                                     crash_environment(), site.dir.path());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(25);
        while ((site.runs("crash", true).size() < 2 || site.runs("good", false).size() < 2) &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        host.send(SIGTERM);
        const auto r = host.wait(std::chrono::seconds(10));
        CHECK(r.term_signal == 0);  // the scheduler itself did not crash
        CHECK(r.exit_code == 4);    // the worst last run: crashed
        CHECK_THAT(r.err, Catch::Contains("killed by " + signal_name));

        const auto crashed = site.runs("crash", true);
        REQUIRE(crashed.size() >= 2);  // a later scheduled run happened after the first crash
        for (const auto& folder : crashed) check_crashed_run(folder, signal_name);
        CHECK(site.runs("crash", false).empty());
        CHECK_FALSE(fs::exists(site.out() / "crash" / "latest"));

        const auto good = site.runs("good", false);
        REQUIRE(good.size() >= 2);
        for (const auto& folder : good) {
            const json summary = read_json(folder / "summary.json");
            if (summary["status"] == "cancelled") continue;  // the stop may catch the last one
            CHECK(summary["status"] == "complete");
            CHECK(iru::test::read_jsonl(folder / "records.jsonl").size() == 3);
        }
        CHECK(fs::exists(site.out() / "good" / "latest" / "records.jsonl"));
    }
}

TEST_CASE(
    "supervisor: run --once with several sources supervises each, the table shows the crash") {
    Site site;
    site.configure(
        json::array({probe("crash", {{"action", "segv"}}), echo("good", {{"count", 2}})}));
    const auto r =
        iru::test::run_process(binary, {"run", "--config", site.config_file.string(), "--once"},
                               crash_environment(), site.dir.path());
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("crashed") && Catch::Contains("SIGSEGV") &&
                          Catch::Contains("complete"));
    const auto crashed = site.runs("crash", true);
    REQUIRE(crashed.size() == 1);
    check_crashed_run(crashed[0], "SIGSEGV");
    REQUIRE(site.runs("good", false).size() == 1);
    CHECK(read_json(site.runs("good", false)[0] / "summary.json")["status"] == "complete");

    // The next run of the crashed source names the folder as ended with its process, not as
    // deletable.
    site.configure(json::array({probe("crash", {{"action", "report"}})}));
    const auto next = iru::test::run_process(
        binary, {"run", "--config", site.config_file.string(), "--once"}, {}, site.dir.path());
    CHECK(next.exit_code == 0);
    CHECK_THAT(
        next.err,
        Catch::Contains("1 incomplete run(s) left") &&
            Catch::Contains("1 ended with their process (their summary.json names the signal)") &&
            Catch::Contains("0 were killed before they finished"));
}

TEST_CASE(
    "supervisor: the memory limit holds in the child, a plugin that exhausts it fails contained") {
    if (address_sanitizer) {
        WARN(
            "skipped under AddressSanitizer: its shadow memory does not fit any address-space "
            "limit");
        return;
    }
    Site site;
    const json scheduler = {{"child_memory_limit_mb", 256}};
    site.configure(json::array({probe("report", {{"action", "report"}}),
                                probe("frugal", {{"action", "alloc"}, {"mb", 2048}}),
                                probe("hog", {{"action", "alloc"}, {"mb", 2048}, {"new", true}}),
                                echo("good", {{"count", 2}})}),
                   scheduler);
    const auto r = iru::test::run_process(
        binary, {"run", "--config", site.config_file.string(), "--once"}, {}, site.dir.path());
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 4);
    const auto report = iru::test::read_jsonl(site.out() / "report" / "latest" / "records.jsonl");
    REQUIRE(report.size() == 1);
    CHECK(report[0]["data"]["as_limit"] == 256LL * 1024 * 1024);
    CHECK(report[0]["data"]["pid"] != ::getpid());
    // malloc past the limit returns NULL: the plugin sees it and carries on.
    const auto frugal = iru::test::read_jsonl(site.out() / "frugal" / "latest" / "records.jsonl");
    REQUIRE(frugal.size() == 1);
    CHECK(frugal[0]["data"]["allocated"] == false);
    // operator new past it throws out of a noexcept collect: SIGABRT, contained in the child.
    const auto hog = site.runs("hog", true);
    REQUIRE(hog.size() == 1);
    const json summary = read_json(hog[0] / "summary.json");
    CHECK(summary["status"] == "crashed");
    CHECK(summary["crash"]["signal"] == "SIGABRT");
    CHECK(summary["crash"]["memory_limit_mb"] == 256);
    CHECK_THAT(summary["message"].get<std::string>(),
               Catch::Contains("(memory limit 256 MiB, scheduler.child_memory_limit_mb)"));
    CHECK(site.runs("hog", false).empty());
    REQUIRE(site.runs("good", false).size() == 1);
    CHECK(read_json(site.runs("good", false)[0] / "summary.json")["status"] == "complete");
}

TEST_CASE(
    "supervisor: a stop is forwarded to the children, one that ignores it is killed and its run "
    "finished") {
    Site site;
    // Stubborn ignores the stop longer than any start-up on a loaded machine: it must be killed.
    site.configure(json::array({echo("stubborn", {{"ignore_cancel_ms", 60000}}, "1h"),
                                echo("slow", {{"count", 100000}, {"delay_ms", 5}}, "1h")}));
    iru::test::ChildProcess host(binary, {"run", "--config", site.config_file.string()}, {},
                                 site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto started = [&] {
        const std::string err = host.err_so_far();
        return err.find("stubborn: run ") != std::string::npos &&
               err.find("slow: run ") != std::string::npos;
    };
    while (!started() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(started());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto signalled = std::chrono::steady_clock::now();
    host.send(SIGTERM);
    const auto r = host.wait(std::chrono::seconds(10));
    // The host kills after its 1.2 s grace; the bound leaves a loaded machine room to reap and
    // write, and is still far below the minute the stubborn child would have taken.
    CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(5));
    CHECK(r.exit_code == 1);  // both cancelled
    // The child that obeyed wrote its cancelled summary itself; the run is finished, not complete.
    const auto slow = site.runs("slow", false);
    REQUIRE(slow.size() == 1);
    CHECK(read_json(slow[0] / "summary.json")["status"] == "cancelled");
    // The one that did not was killed; the scheduler finished its run, as cancelled, in .partial.
    CHECK(site.runs("stubborn", false).empty());
    const auto stubborn = site.runs("stubborn", true);
    REQUIRE(stubborn.size() == 1);
    const json summary = read_json(stubborn[0] / "summary.json");
    CHECK(summary["status"] == "cancelled");
    CHECK(summary["crash"]["killed_by_host"] == true);
    CHECK(summary["crash"]["signal"] == "SIGKILL");
    for (const auto& e : schema_errors_of_summary(summary)) FAIL_CHECK(e);
}

TEST_CASE(
    "supervisor: an ended run's folder is finished as failed: torn line cut, records counted, "
    "nothing renamed") {
    iru::test::TempDir dir;
    const fs::path out = dir.path() / "out";
    {
        RunOutput output(out, "s", "20261201T000000.000Z-abcdef");
        output.write({{"type", "t.one"}, {"data", json::object()}});
        output.write({{"type", "t.two"}, {"data", json::object()}});
    }  // the child died here: no finish()
    const fs::path partial = out / "s" / "20261201T000000.000Z-abcdef.partial";
    const fs::path records = partial / RunOutput::records_temporary_name;
    const std::string complete = iru::test::read_text(records);
    {
        std::ofstream torn(records, std::ios::app | std::ios::binary);
        torn << "{\"type\":\"t.one\",\"da";  // a write cut by the crash
    }
    EndedRun run;
    run.source_id = "s";
    run.run_id = "20261201T000000.000Z-abcdef";
    run.plugin_id = "p";
    run.plugin_version = "1.0.0";
    run.plugin_abi = "1.1";
    run.started_at = std::chrono::system_clock::now();
    run.exit.signal = SIGSEGV;
    const RunOutcome outcome = ended_run_outcome(run, std::chrono::milliseconds(1200));
    const SourceRunResult result = finish_ended_run(out, run, outcome);
    CHECK(result.status == RunStatus::crashed);
    CHECK(result.exit_code == 4);
    CHECK(result.records == 2);
    CHECK(result.counts == std::map<std::string, std::uint64_t>{{"t.one", 1}, {"t.two", 1}});
    CHECK(result.run_dir == partial);
    CHECK(iru::test::read_text(records) == complete);  // exactly the records counted
    const json summary = read_json(partial / "summary.json");
    CHECK(summary["records_written"] == 2);
    CHECK(summary["records_sha256"] == sha256_hex(complete));
    CHECK(summary["crash"]["signal"] == "SIGSEGV");
    CHECK(summary["crash"]["signal_number"] == SIGSEGV);
    for (const auto& e : schema_errors_of_summary(summary)) FAIL_CHECK(e);
    CHECK_FALSE(fs::exists(out / "s" / run.run_id));
    CHECK_FALSE(fs::exists(out / "s" / "latest"));
    CHECK_THAT(incomplete_runs_notice(out, "s"),
               Catch::Contains("0 failed while writing evidence") &&
                   Catch::Contains("1 ended with their process") &&
                   Catch::Contains("0 were killed"));

    // A run whose child never made its folder still gets one, with an empty records file.
    EndedRun early = run;
    early.run_id = "20261201T000001.000Z-abcdef";
    const SourceRunResult made = finish_ended_run(out, early, outcome);
    CHECK(made.records == 0);
    CHECK(read_json(out / "s" / (early.run_id + ".partial") / "summary.json")["status"] ==
          "crashed");
    CHECK(iru::test::read_text(out / "s" / (early.run_id + ".partial") /
                               RunOutput::records_temporary_name)
              .empty());
}

TEST_CASE(
    "supervisor: an ended run's outcome names the signal, the memory limit, or the kill after a "
    "stop") {
    EndedRun run;
    run.exit.signal = SIGSEGV;
    RunOutcome o = ended_run_outcome(run, std::chrono::milliseconds(1200));
    CHECK(o.status == RunStatus::crashed);
    CHECK_THAT(
        o.message,
        Catch::StartsWith("the collection's process was killed by SIGSEGV (Segmentation fault)"));
    CHECK_THAT(o.message, !Catch::Contains("memory limit"));
    run.memory_limit_mb = 512;
    CHECK_THAT(ended_run_outcome(run, std::chrono::milliseconds(1200)).message,
               Catch::Contains("(memory limit 512 MiB, scheduler.child_memory_limit_mb)"));
    run.exit.signal = SIGKILL;
    run.killed_by_host = true;
    o = ended_run_outcome(run, std::chrono::milliseconds(1200));
    CHECK(o.status == RunStatus::cancelled);
    CHECK_THAT(
        o.message,
        Catch::StartsWith("did not stop within 1.2 s of the stop request and was killed (SIGKILL"));
    run = EndedRun{};
    run.exit.exited = true;
    run.exit.exit_code = 3;
    o = ended_run_outcome(run, std::chrono::milliseconds(1200));
    CHECK(o.status == RunStatus::host_error);
    CHECK_THAT(
        o.message,
        Catch::StartsWith("the collection's process exited with code 3 without reporting its run"));
    CHECK(crash_facts(run)["signal"].is_null());
    CHECK(crash_facts(run)["exit_code"] == 3);
    CHECK(signal_description(SIGABRT) == "SIGABRT (Aborted)");
    CHECK(signal_description(1000) == "signal 1000");
}

TEST_CASE("supervisor: the child's report round-trips, anything malformed is no report") {
    SourceRunResult r;
    r.source_id = "s";
    r.run_id = "20261201T000000.000Z-abcdef";
    r.status = RunStatus::partial;
    r.exit_code = 2;
    r.message = "1 invalid record(s)";
    r.counts = {{"t.one", 3}};
    r.records = 3;
    r.invalid = 1;
    r.collection_summary = json{{"findings", json::array()}};
    r.run_dir = "/out/s/20261201T000000.000Z-abcdef";
    r.duration_ms = 42;
    const auto back = run_result_from_json(json::parse(run_result_to_json(r).dump()));
    REQUIRE(back);
    CHECK(back->source_id == r.source_id);
    CHECK(back->run_id == r.run_id);
    CHECK(back->status == RunStatus::partial);
    CHECK(back->exit_code == 2);
    CHECK(back->message == r.message);
    CHECK(back->counts == r.counts);
    CHECK(back->records == 3);
    CHECK(back->invalid == 1);
    CHECK(back->collection_summary == r.collection_summary);
    CHECK(back->run_dir == r.run_dir);
    CHECK(back->duration_ms == 42);

    json doc = run_result_to_json(r);
    CHECK_FALSE(run_result_from_json(json::array()));
    doc["status"] = "fine";
    CHECK_FALSE(run_result_from_json(doc));
    doc = run_result_to_json(r);
    doc["records"] = -1;
    CHECK_FALSE(run_result_from_json(doc));
    doc = run_result_to_json(r);
    doc.erase("counts");
    CHECK_FALSE(run_result_from_json(doc));
    doc = run_result_to_json(r);
    doc["format"] = "something/1";
    CHECK_FALSE(run_result_from_json(doc));
}

TEST_CASE("supervisor: child-run is internal and needs its source, run id and descriptor") {
    const CommandLine ok =
        parse_command_line({"child-run", "--config", "h.json", "--source", "s", "--run-id",
                            "20261201T000000.000Z-abcdef", "--result-fd", "3"});
    CHECK(ok.error.empty());
    CHECK(ok.command == CommandLine::Command::child_run);
    CHECK(ok.result_fd == 3);
    CHECK(ok.run_id == "20261201T000000.000Z-abcdef");
    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"child-run", "--config", "h.json", "--run-id", "r1", "--result-fd", "3"},
             {"child-run", "--config", "h.json", "--source", "s", "--result-fd", "3"},
             {"child-run", "--config", "h.json", "--source", "s", "--run-id", "../x", "--result-fd",
              "3"},
             {"child-run", "--config", "h.json", "--source", "s", "--run-id", "r1", "--result-fd",
              "2"},
             {"child-run", "--config", "h.json", "--source", "s", "--run-id", "r1", "--result-fd",
              "x"},
             {"run", "--config", "h.json", "--run-id", "r1"}}) {
        INFO(bad.size());
        CHECK_FALSE(parse_command_line(bad).error.empty());
    }
    CHECK_THAT(usage_text(CommandLine::Command::none), !Catch::Contains("child-run"));
}

TEST_CASE("config: scheduler.child_memory_limit_mb is a whole number of MiB within bounds") {
    const json base = {
        {"plugin_dir", "p"}, {"state_dir", "s"}, {"output_dir", "o"}, {"sources", json::array()}};
    CHECK_FALSE(parse_host_config(base, "/etc/iru/host.json").scheduler.child_memory_limit_mb);
    json doc = base;
    doc["scheduler"] = {{"child_memory_limit_mb", 1024}};
    CHECK(parse_host_config(doc, "/etc/iru/host.json").scheduler.child_memory_limit_mb == 1024u);
    auto error_of = [&](const json& scheduler) {
        json d = base;
        d["scheduler"] = scheduler;
        try {
            (void)parse_host_config(d, "/etc/iru/host.json");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_of({{"child_memory_limit_mb", "1g"}}) ==
          "/etc/iru/host.json: /scheduler/child_memory_limit_mb: expected a whole number of MiB "
          "from 64 to 1048576, got a string");
    CHECK(error_of({{"child_memory_limit_mb", 10}}) ==
          "/etc/iru/host.json: /scheduler/child_memory_limit_mb: expected a whole number of MiB "
          "from 64 to 1048576, got 10");
    CHECK(error_of({{"child_memory_limit_mb", 1.5}}) ==
          "/etc/iru/host.json: /scheduler/child_memory_limit_mb: expected a whole number of MiB "
          "from 64 to 1048576, got a number");
    CHECK_THAT(error_of({{"memory", 1}}),
               Catch::StartsWith("/etc/iru/host.json: /scheduler/memory: unknown key"));
    CHECK_THAT(error_of(json::array()),
               Catch::StartsWith("/etc/iru/host.json: /scheduler: expected an object"));
}
