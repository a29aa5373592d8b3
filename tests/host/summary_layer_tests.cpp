// summary.json is one layer: the plugin's part keeps its own fields and drops those the host says.
#include <catch2/catch.hpp>

#include "run_summary.hpp"

using nlohmann::json;

TEST_CASE("summary layer: the plugin's part repeats no status, counts or times of the run") {
    const json data = {{"status", "ok"},
                       {"counts", {{"x.item", 2}}},
                       {"started_at", "2026-12-01T10:00:00Z"},
                       {"finished_at", "2026-12-01T10:00:01Z"},
                       {"duration_ms", 78},
                       {"findings", json::array()},
                       {"account", {{"email", "a@example.com"}}}};
    const json part = iru::host::plugin_summary_part(data);
    CHECK(part == json{{"findings", json::array()}, {"account", {{"email", "a@example.com"}}}});
    CHECK(iru::host::plugin_summary_part(json::array({1})).is_null());
    CHECK(iru::host::plugin_summary_part(json("text")).is_null());
}
