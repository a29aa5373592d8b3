// The progress line: its parts, and how it fits a terminal by dropping detail, never the count.
#include <catch2/catch.hpp>

#include "progress_line.hpp"

using namespace iru::host;

namespace {

ProgressView heroku_view() {
    ProgressView view;
    view.source_id = "heroku-main";
    view.records = 5120;
    view.requests = 1234;
    view.rate_limit_remaining = 4321;
    view.phase = "app details, apps 80/300";
    view.by_type = {{"heroku.app", 300},
                    {"heroku.dyno", 900},
                    {"heroku.release", 2000},
                    {"heroku.domain", 20},
                    {"heroku.addon", 1900}};
    return view;
}

}  // namespace

TEST_CASE("progress line: the phase's count is split from its name") {
    CHECK(split_phase("app details, apps 80/300").count == "apps 80/300");
    CHECK(split_phase("app details, apps 80/300").name == "app details");
    CHECK(split_phase("apps 120/2500").count == "apps 120/2500");
    CHECK(split_phase("apps 120/2500").name.empty());
    CHECK(split_phase("teams").count.empty());
    CHECK(split_phase("teams").name == "teams");
    CHECK(split_phase("reading /teams/x/members").count.empty());
    CHECK(split_phase("3/4 done").count == "3/4");
    CHECK(split_phase("3/4 done").name == "done");
}

TEST_CASE("progress line: everything when it fits, detail dropped before the count at 80 columns") {
    const ProgressView view = heroku_view();
    CHECK(fit_progress_line(view, 200) ==
          "heroku-main: apps 80/300 | 1234 requests | budget 4321 | app details | 5120 records "
          "(release 2000, addon 1900, dyno 900, app 300, …)");
    const std::string at80 = fit_progress_line(view, 79);
    CHECK(at80 == "heroku-main: apps 80/300 | 1234 requests | budget 4321 | app details");
    CHECK(display_columns(at80) <= 79);
    CHECK(fit_progress_line(view, 60) == "heroku-main: apps 80/300 | 1234 requests | budget 4321");
    CHECK(fit_progress_line(view, 40) == "heroku-main: apps 80/300 | 1234 requests");
    CHECK(fit_progress_line(view, 30) == "heroku-main: apps 80/300");
    // Narrower: the source id is shortened, the count stays whole.
    CHECK(fit_progress_line(view, 20) == "heroku…: apps 80/300");
    CHECK(display_columns(fit_progress_line(view, 20)) == 20);
    CHECK(display_columns(fit_progress_line(view, 8)) == 8);
}

TEST_CASE("progress line: without a phase count the records are the count") {
    ProgressView view;
    view.source_id = "ticker";
    view.records = 30;
    view.requests = 30;
    view.rate_limit_remaining = 4471;
    view.phase = "echo items";
    view.by_type = {{"echo.item", 30}};
    CHECK(fit_progress_line(view, 200) ==
          "ticker: 30 records (item 30) | 30 requests | budget 4471 | echo items");
    CHECK(fit_progress_line(view, 50) == "ticker: 30 records | 30 requests | budget 4471");
    view.rate_limit_remaining = -1;
    view.phase.clear();
    view.by_type.clear();
    CHECK(fit_progress_line(view, 200) == "ticker: 30 records | 30 requests");
}

TEST_CASE("progress line: plugin text is made printable and counted in characters") {
    ProgressView view;
    view.source_id = "s\x1b[2J";
    view.phase = "lecture des équipes";
    const std::string line = fit_progress_line(view, 200);
    CHECK(line.find('\x1b') == std::string::npos);
    CHECK(line == "s?[2J: 0 records | 0 requests | lecture des équipes");
    CHECK(display_columns("équipes…") == 8);
}
