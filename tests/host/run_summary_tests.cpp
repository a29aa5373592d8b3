// The generic part of a run summary as the host reads it (ill-formed parts skipped, texts made
// printable) and shows it in the run table.
#include <catch2/catch.hpp>

#include "run_setup.hpp"
#include "run_summary.hpp"

using namespace iru::host;
using nlohmann::json;

TEST_CASE("run summary: the generic fields are read, the plugin's own ignored") {
    const json data = {
        {"status", "partial"},
        {"message", "2 gaps"},
        {"counts", {{"x.item", 3}, {"x.bad", -1}, {"x.text", "4"}}},
        {"warnings", {"mind this", 7, ""}},
        {"findings",
         json::array({
             {{"level", "error"},
              {"message", "lists cut\nshort"},
              {"remedy", "run again"},
              {"count", 2}},
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
    std::vector<SummaryFinding> f = {{LogLevel::info, "i1", "", 1},
                                     {LogLevel::warn, "w1", "", 1},
                                     {LogLevel::error, "e1", "", 1},
                                     {LogLevel::warn, "w2", "", 1}};
    const auto worst = worst_findings(f, 3);
    REQUIRE(worst.size() == 3);
    CHECK(worst[0].message == "e1");
    CHECK(worst[1].message == "w1");
    CHECK(worst[2].message == "w2");
}

TEST_CASE("run table: the runs' messages and findings lead, errors first, then the counts") {
    SourceRunResult run;
    run.source_id = "src";
    run.run_id = "r1";
    run.status = RunStatus::partial;
    run.message = "1 gap";
    json findings = json::array();
    findings.push_back({{"level", "info"}, {"message", "fyi"}, {"remedy", nullptr}, {"count", 1}});
    for (int i = 0; i < 8; ++i)
        findings.push_back({{"level", "warn"},
                            {"message", "w" + std::to_string(i)},
                            {"remedy", "do x"},
                            {"count", 3}});
    findings.push_back(
        {{"level", "error"}, {"message", "3 lists cut short"}, {"remedy", nullptr}, {"count", 3}});
    run.collection_summary =
        json{{"status", "partial"}, {"counts", json::object()}, {"findings", findings}};
    run.run_dir = "/ev/src/r1";
    SourceRunResult quiet;
    quiet.source_id = "other";
    quiet.run_id = "r2";
    quiet.status = RunStatus::complete;
    const std::string table = summary_table({run, quiet});
    CHECK_THAT(table,
               Catch::StartsWith("src: partial — 1 gap\n  error: 3 lists cut short\n  info: fyi\n"
                                 "  warn: w0 (×3) — do x\n"));
    CHECK_THAT(table,
               Catch::Contains(
                   "  warn: w5 (×3) — do x\n  … 2 more finding(s) in /ev/src/r1/summary.json\n\n"
                   "SOURCE "));
    CHECK(table.find("w6") == std::string::npos);
    CHECK(table.find("other:") ==
          std::string::npos);  // nothing to say about a quiet run but its row
    CHECK_THAT(table, Catch::Contains("\nother ") && Catch::Contains("complete"));
    // The message is said once: above the table, not under its row.
    CHECK(table.find("1 gap") == table.rfind("1 gap"));
}

TEST_CASE("run summary: a count the message already starts with is not repeated") {
    CHECK(finding_line({LogLevel::warn, "3 apps without a log drain", "add one", 3}) ==
          "3 apps without a log drain — add one");
    CHECK(finding_line({LogLevel::warn, "apps without a log drain", "", 3}) ==
          "apps without a log drain (×3)");
    CHECK(finding_line({LogLevel::warn, "30 apps", "", 3}) == "30 apps (×3)");
}
