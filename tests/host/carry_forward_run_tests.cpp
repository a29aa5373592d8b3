// iru.carry_forward/1 through real runs of the echo test plugin: a first run emits scoped records,
// a later one carries some scopes forward byte for byte and re-emits others; unknown scopes, a
// scope asked twice, a scope emitted after it was carried, a corrupted or truncated snapshot, no
// previous run, and records the plugin no longer declares. Plus the table on a bare session.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "host_services.hpp"
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
    Bench() : RunnerBench({"echo"}) {}

    // A run of source "src" with the echo plugin and these options.
    SourceRunResult run_echo(json options) {
        return run(source("src", "echo", std::move(options)));
    }
};

json app(const std::string& scope, const std::string& key, int n) {
    return {{"type", "echo.app"}, {"key", key}, {"scope", scope}, {"data", {{"n", n}}}};
}

// Run 1's records: app-a (two records), app-b, app-c.
json first_run_options() {
    return {{"snapshot", true},
            {"carry", {"app-x"}},
            {"scoped",
             {app("app-a", "a1", 1), app("app-a", "a2", 2), app("app-b", "b1", 3),
              app("app-c", "c1", 4)}}};
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::istringstream in(iru::test::read_text(file));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> lines_of_scope(const fs::path& file, const std::string& scope) {
    std::vector<std::string> found;
    for (const auto& line : lines_of(file)) {
        const json record = json::parse(line);
        if (record.value("scope", "") == scope) found.push_back(line);
    }
    return found;
}

// The echo.carry records of a run, keyed by their key.
std::map<std::string, json> carry_reports(const fs::path& run_dir) {
    std::map<std::string, json> reports;
    for (const auto& r : iru::test::read_jsonl(run_dir / "records.jsonl"))
        if (r["type"] == "echo.carry" || r["type"] == "echo.snapshot")
            reports[r["key"]] = r["data"];
    return reports;
}

json summary_of(const SourceRunResult& r) {
    return json::parse(iru::test::read_text(r.run_dir / "summary.json"));
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// Rewrites a finished run's records (and the summary's sha256 and count to match them).
void rewrite_snapshot(const fs::path& run_dir, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    {
        std::ofstream out(run_dir / "records.jsonl", std::ios::binary | std::ios::trunc);
        out << text;
    }
    json summary = json::parse(iru::test::read_text(run_dir / "summary.json"));
    summary["records_sha256"] = sha256_hex(text);
    summary["records_written"] = lines.size();
    std::ofstream(run_dir / "summary.json", std::ios::binary | std::ios::trunc) << summary.dump(2);
}

}  // namespace

TEST_CASE("carry forward: with no previous run nothing is found, and scoped records get a scope") {
    Bench b;
    const SourceRunResult first = b.run_echo(first_run_options());
    REQUIRE(first.status == RunStatus::complete);
    const auto reports = carry_reports(first.run_dir);
    CHECK(reports.at("snapshot") == json({{"status", "not_found"}}));
    CHECK(reports.at("carry app-x") ==
          json({{"scope", "app-x"}, {"status", "not_found"}, {"copied", 0}}));
    CHECK(lines_of_scope(first.run_dir / "records.jsonl", "app-a").size() == 2);
    const json summary = summary_of(first);
    CHECK(summary["carried_forward"]["records"] == 0);
    CHECK(summary["carried_forward"]["from_run"].is_null());
    CHECK(summary["carried_forward"]["snapshot_problem"].is_null());
    CHECK(b.err.str().find("carried forward") ==
          std::string::npos);  // no warning: nothing to trust
}

TEST_CASE("carry forward: carried lines are byte-identical, re-emitted ones keep their digest") {
    Bench b;
    const SourceRunResult first = b.run_echo(first_run_options());
    REQUIRE(first.status == RunStatus::complete);
    const fs::path first_records = first.run_dir / "records.jsonl";

    const SourceRunResult second =
        b.run_echo({{"snapshot", true},
                    {"carry", {"app-a", "app-b", "app-unknown", "app-a"}},
                    {"scoped", {app("app-c", "c1", 4)}}});
    REQUIRE(second.status == RunStatus::complete);
    const fs::path second_records = second.run_dir / "records.jsonl";
    for (const char* scope : {"app-a", "app-b"}) {
        const auto carried = lines_of_scope(second_records, scope);
        CHECK(carried == lines_of_scope(first_records, scope));  // observed_at, run_id, digest kept
        for (const auto& line : carried) CHECK(json::parse(line)["run_id"] == first.run_id);
    }
    const json old_c = json::parse(lines_of_scope(first_records, "app-c").at(0));
    const json new_c = json::parse(lines_of_scope(second_records, "app-c").at(0));
    CHECK(new_c["digest"] == old_c["digest"]);
    CHECK(new_c["run_id"] == second.run_id);

    const auto reports = carry_reports(second.run_dir);
    CHECK(reports.at("snapshot")["status"] == "ok");
    CHECK(reports.at("snapshot")["run_id"] == first.run_id);
    CHECK(reports.at("snapshot")["complete"] == true);
    CHECK(reports.at("snapshot")["records"] == lines_of(first_records).size());
    CHECK(reports.at("carry app-b") == json({{"scope", "app-b"}, {"status", "ok"}, {"copied", 1}}));
    CHECK(reports.at("carry app-unknown")["status"] == "not_found");
    CHECK(reports.at("carry app-unknown")["copied"] == 0);
    // app-a asked twice: the first carried two records, the second was refused (no duplicates).
    CHECK(lines_of_scope(second_records, "app-a").size() == 2);
    CHECK(reports.at("carry app-a")["status"] == "rejected");

    const json summary = summary_of(second);
    const json& carried = summary["carried_forward"];
    CHECK(carried["records"] == 3);
    CHECK(carried["scopes"] == 2);
    CHECK(carried["from_run"] == first.run_id);
    std::string oldest = "9";
    for (const auto& line : lines_of_scope(first_records, "app-a"))
        oldest = std::min(oldest, json::parse(line)["observed_at"].get<std::string>());
    CHECK(carried["oldest_observed_at"] == oldest);
    CHECK(carried["skipped"]["count"] == 0);
    CHECK(summary["counts"]["echo.app"] == 4);  // 3 carried + 1 re-emitted
    CHECK(summary["records_written"] == lines_of(second_records).size());
    CHECK(summary["records_sha256"] == sha256_file_hex(second_records));

    // Carried records keep their scope, so they can be carried again, still as run 1 wrote them.
    const SourceRunResult third = b.run_echo({{"carry", {"app-a", "app-c"}}});
    REQUIRE(third.status == RunStatus::complete);
    CHECK(lines_of_scope(third.run_dir / "records.jsonl", "app-a") ==
          lines_of_scope(first_records, "app-a"));
    CHECK(lines_of_scope(third.run_dir / "records.jsonl", "app-c") ==
          lines_of_scope(second_records, "app-c"));
}

TEST_CASE("carry forward: a scope carried in a run cannot be emitted in it too") {
    Bench b;
    REQUIRE(b.run_echo(first_run_options()).status == RunStatus::complete);
    const SourceRunResult second = b.run_echo(
        {{"carry", {"app-a"}}, {"scoped", {app("app-a", "a3", 5), app("app-d", "d1", 6)}}});
    const auto reports = carry_reports(second.run_dir);
    CHECK(reports.at("emit app-a a3")["emit_status"] == "rejected");
    CHECK(reports.count("emit app-d d1") == 0);
    CHECK(lines_of_scope(second.run_dir / "records.jsonl", "app-a").size() == 2);
    CHECK(second.status == RunStatus::partial);  // a refused record, counted like any other
    CHECK(second.invalid == 1);

    // And a scope emitted first is not carried after it.
    const SourceRunResult third =
        b.run_echo({{"scoped", {app("app-b", "b9", 9)}}, {"carry", json::array()}});
    REQUIRE(third.status == RunStatus::complete);
}

TEST_CASE("carry forward: a corrupted or truncated snapshot carries nothing, with one warning") {
    Bench b;
    const SourceRunResult first = b.run_echo(first_run_options());
    REQUIRE(first.status == RunStatus::complete);
    const fs::path records = first.run_dir / "records.jsonl";
    std::string text = iru::test::read_text(records);
    SECTION("a byte changed") {
        const auto at = text.find("\"n\":1");
        REQUIRE(at != std::string::npos);
        text[at + 4] = '7';
    }
    SECTION("the last line cut off") { text.erase(text.rfind('\n', text.size() - 2) + 1); }
    std::ofstream(records, std::ios::binary | std::ios::trunc) << text;

    const SourceRunResult second = b.run_echo({{"snapshot", true}, {"carry", {"app-a", "app-b"}}});
    REQUIRE(second.status == RunStatus::complete);
    const auto reports = carry_reports(second.run_dir);
    CHECK(reports.at("snapshot")["status"] == "not_found");
    CHECK(reports.at("carry app-a")["status"] == "not_found");
    CHECK(reports.at("carry app-b")["status"] == "not_found");
    CHECK(lines_of_scope(second.run_dir / "records.jsonl", "app-a").empty());
    CHECK(lines_of_scope(second.run_dir / "records.jsonl", "app-b").empty());
    CHECK(occurrences(b.err.str(), "nothing can be carried forward") == 1);
    CHECK_THAT(b.err.str(), Catch::Contains("does not match the sha256"));
    const json carried = summary_of(second)["carried_forward"];
    CHECK(carried["records"] == 0);
    CHECK(carried["from_run"].is_null());
    CHECK_THAT(carried["snapshot_problem"].get<std::string>(), Catch::Contains(first.run_id));
}

TEST_CASE(
    "carry forward: records the plugin no longer declares, or of another source, stay behind") {
    Bench b;
    const SourceRunResult first = b.run_echo(first_run_options());
    REQUIRE(first.status == RunStatus::complete);
    std::vector<std::string> lines = lines_of(first.run_dir / "records.jsonl");
    const auto a2 = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
        return json::parse(line)["key"] == "a2";
    });
    REQUIRE(a2 != lines.end());
    json gone = json::parse(*a2);
    gone["type"] = "echo.gone";
    json foreign = json::parse(*a2);
    foreign["source_id"] = "someone-else";
    lines.insert(a2 + 1, {gone.dump(), foreign.dump()});  // in app-a's span
    rewrite_snapshot(first.run_dir, lines);

    const SourceRunResult second = b.run_echo({{"carry", {"app-a"}}});
    REQUIRE(second.status == RunStatus::complete);
    CHECK(carry_reports(second.run_dir).at("carry app-a")["copied"] == 2);
    const auto carried_lines = lines_of_scope(second.run_dir / "records.jsonl", "app-a");
    REQUIRE(carried_lines.size() == 2);
    for (const auto& line : carried_lines) {
        CHECK(json::parse(line)["type"] == "echo.app");
        CHECK(json::parse(line)["source_id"] == "src");
    }
    const json skipped = summary_of(second)["carried_forward"]["skipped"];
    CHECK(skipped["count"] == 2);
    CHECK(skipped["reasons"]["of a record type the plugin no longer declares"] == 1);
    CHECK(skipped["reasons"]["of another source"] == 1);
    CHECK(summary_of(second)["counts"].count("echo.gone") == 0);
}

TEST_CASE(
    "carry forward: the session offers the table only with a source folder, and checks "
    "its arguments") {
    iru::test::TempDir dir;
    PluginDescription plugin;
    plugin.id = "t";
    plugin.record_types = {"t.item"};
    plugin.abi = {1, 1};
    std::ostringstream out, err;
    Terminal terminal{out, err, false};
    SessionSetup setup;
    setup.envelope = {"src", "run-1", &plugin};
    setup.terminal = &terminal;
    HostSession without(setup);
    CHECK(without.table()->get_extension(without.table(), IRU_EXT_CARRY_FORWARD) == nullptr);

    setup.source_dir = dir.path() / "src";
    HostSession session(setup);
    const iru_host* host = session.table();
    const auto* ext =
        static_cast<const iru_carry_forward_ext*>(host->get_extension(host, IRU_EXT_CARRY_FORWARD));
    REQUIRE(ext != nullptr);
    CHECK(ext->struct_size == sizeof(iru_carry_forward_ext));
    CHECK(host->get_extension(host, "iru.carry_forward/2") == nullptr);
    CHECK(host->get_extension(host, "iru.carry_forward") == nullptr);

    CHECK(ext->last_snapshot(host, nullptr) == IRU_STATUS_BAD_CONFIG);
    iru_snapshot_info info{sizeof(iru_snapshot_info), nullptr, nullptr, 0, 0};
    CHECK(ext->last_snapshot(host, &info) == IRU_STATUS_NOT_FOUND);
    std::uint64_t copied = 7;
    CHECK(ext->carry_forward(host, nullptr, &copied) == IRU_STATUS_REJECTED);
    CHECK(copied == 0);
    const std::string too_long(IRU_SCOPE_MAX_BYTES + 1, 's');
    CHECK(ext->carry_forward(host, too_long.c_str(), nullptr) == IRU_STATUS_REJECTED);
    CHECK(ext->carry_forward(host, "app-1", &copied) == IRU_STATUS_NOT_FOUND);

    const std::string data = "{}";
    const iru_record record{sizeof(iru_record), "t.item", "k", data.data(), data.size()};
    CHECK(ext->emit_scoped(host, &record, "app-1") == IRU_STATUS_OK);
    CHECK(ext->emit_scoped(host, &record, nullptr) == IRU_STATUS_REJECTED);
    CHECK(ext->emit_scoped(host, &record, "") == IRU_STATUS_REJECTED);
    CHECK(ext->emit_scoped(host, nullptr, "app-2") == IRU_STATUS_REJECTED);
    CHECK(session.tally().accepted == 1);
    CHECK(session.tally().invalid == 3);
}
