// The generic part of a run summary as the host reads it (ill-formed parts skipped, texts made
// printable) and shows it in the run table.
#include <catch2/catch.hpp>

#include "run_setup.hpp"
#include "run_summary.hpp"

using namespace iru::host;
using nlohmann::json;

TEST_CASE("run summary: the generic fields are read, the plugin's own ignored") {
    const json data = {
        {"status", "partial"}, {"message", "2 gaps"}, {"counts", {{"x.item", 3}, {"x.bad", -1}, {"x.text", "4"}}},
        {"warnings", {"mind this", 7, ""}},
        {"findings", json::array({
             {{"level", "error"}, {"message", "lists cut\nshort"}, {"remedy", "run again"}, {"count", 2}},
             {{"level", "warn"}, {"message", "no remedy"}, {"remedy", nullptr}, {"count", 1}},
             {{"level", "loud"}, {"message", "unknown level"}},
             {{"level", "info"}, {"message", ""}},
             "not an object",
             {{"level", "info"}, {"message", "a\x1b[31mb"}, {"count", 0}},
         })},
        {"gaps", json::array({{{"kind", "k"}}})},
    };
    const SummaryView v = read_summary(data);
    CHECK(v.status == "partial");
    CHECK(v.message == "2 gaps");
    CHECK(v.counts == std::map<std::string, std::uint64_t>{{"x.item", 3}});
    CHECK(v.warnings == std::vector<std::string>{"mind this"});
    REQUIRE(v.findings.size() == 3);
    CHECK(v.findings[0].level == LogLevel::error);
    CHECK(v.findings[0].message == "lists cut short");
    CHECK(v.findings[0].count == 2);
    CHECK(finding_line(v.findings[0]) == "lists cut short (×2) — run again");
    CHECK(finding_line(v.findings[1]) == "no remedy");
    CHECK(v.findings[2].message == "a?[31mb");
    CHECK(v.findings[2].count == 1);

    CHECK(read_summary(json::array()).findings.empty());
    CHECK(read_summary(json{{"findings", "x"}, {"counts", 3}}).counts.empty());
}

TEST_CASE("run summary: the worst findings first, at most the limit") {
    std::vector<SummaryFinding> f = {{LogLevel::info, "i1", "", 1}, {LogLevel::warn, "w1", "", 1},
                                     {LogLevel::error, "e1", "", 1}, {LogLevel::warn, "w2", "", 1}};
    const auto worst = worst_findings(f, 3);
    REQUIRE(worst.size() == 3);
    CHECK(worst[0].message == "e1");
    CHECK(worst[1].message == "w1");
    CHECK(worst[2].message == "w2");
}

TEST_CASE("run table: a run's findings are shown under it, worst first") {
    SourceRunResult run;
    run.source_id = "src";
    run.run_id = "r1";
    run.status = RunStatus::partial;
    run.message = "1 gap";
    json findings = json::array();
    findings.push_back({{"level", "info"}, {"message", "fyi"}, {"remedy", nullptr}, {"count", 1}});
    for (int i = 0; i < 6; ++i)
        findings.push_back({{"level", "warn"}, {"message", "w" + std::to_string(i)}, {"remedy", "do x"}, {"count", 3}});
    run.collection_summary = json{{"status", "partial"}, {"counts", json::object()}, {"findings", findings}};
    const std::string table = summary_table({run});
    CHECK_THAT(table, Catch::Contains("    1 gap\n    warn: w0 (×3) — do x\n"));
    CHECK_THAT(table, Catch::Contains("warn: w4 (×3) — do x\n    … 2 more finding(s) in summary.json\n"));
    CHECK(table.find("fyi") == std::string::npos);
}
