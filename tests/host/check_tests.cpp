// `check`: the report printed from a plugin's iru.check/1 report, the generic fallback for a plugin
// without it (also one of ABI 1.0), and the real binary (no evidence written, exit codes, secrets).
#include <catch2/catch.hpp>

#include <sstream>

#include "check_report.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"
#include "terminal.hpp"

using namespace iru::host;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

// A report of the documented shape (plugin_api/README.md), as a plugin would lend it.
json sample_report() {
    return json::parse(R"({
      "credential": {"state": "accepted", "detail": "authorization auth-9 \"Iru Compliance\", created 2026-01-01T00:00:00Z",
                     "expires_at": "2026-12-05T00:00:00Z", "expires_in_days": 7},
      "identity": {"kind": "account", "name": "jane@example.com", "id": "acc-1",
                   "details": ["two-factor authentication: on", "federated (SSO): no"]},
      "scopes": [{"kind": "team", "name": "acme", "role": "admin", "count": 12, "count_of": "apps"},
                 {"kind": "team", "name": "beta", "role": "member", "count": null, "count_of": "apps"}],
      "budget": {"remaining": 4321, "unit": "requests"},
      "findings": [{"level": "info", "message": "Missing apps? The account sees the apps of the teams acme, beta.",
                    "remedy": "add the account to the team"},
                   {"level": "warn", "message": "the token expires in 7 days", "remedy": "create a new one"}],
      "something_new": {"the host": "ignores it"}})");
}

// A report with what the check looked at: one team's members denied (a gap), repeated as a finding.
json probed_report(const std::string& members_result) {
    json report = sample_report();
    report["probes"] = json::parse(R"([
      {"what": "the token's account", "endpoint": "/account", "items": 1, "result": "ok"},
      {"what": "the account's teams", "endpoint": "/teams", "items": 1000, "more": true, "result": "ok"},
      {"what": "the token's OAuth scope", "endpoint": null, "items": null, "result": "ok"}])");
    json members = {{"what", "members of team acme"},
                    {"endpoint", "/teams/{team}/members"},
                    {"items", 3},
                    {"result", members_result}};
    if (members_result != "ok") {
        members["items"] = nullptr;
        members["gap_kind"] = "team_members_denied";
        members["cause"] = "403 forbidden: no access to the members";
        members["remedy"] = "use a member's token";
        report["findings"].push_back({{"level", "warn"},
                                      {"message", "members of team acme could not be read: 403"},
                                      {"remedy", "use a member's token"},
                                      {"probe", 2}});
    }
    report["probes"].insert(report["probes"].begin() + 2, members);
    report["requests"] = {
        {"made", 4}, {"retries", 0}, {"at_most", 8}, {"bound", "5 + 2 per team probed"}};
    report["not_probed"] =
        json::parse(R"([{"what": "teams", "count": 3, "reason": "at most 10 are probed"}])");
    return report;
}

SourceConfig source_with_token() {
    SourceConfig source;
    source.id = "main";
    CredentialSpec spec;
    spec.kind = CredentialSpec::Kind::env;
    spec.env_var = "X";
    spec.json_path = "/sources/0/credentials/token";
    source.credentials.emplace("token", spec);
    return source;
}

SourceRunResult finished(RunStatus status, std::string message = {}) {
    SourceRunResult run;
    run.source_id = "main";
    run.status = status;
    run.exit_code = exit_code_for(status);
    run.message = std::move(message);
    return run;
}

struct CheckSite {
    iru::test::TempDir dir;
    fs::path config_file;
    explicit CheckSite(const json& options, const std::string& plugin = "echo-identity",
                       bool credential = true) {
        for (const char* c : {"echo_identity", "echo", "abi_1_0"})
            iru::test::install_test_plugin(c, dir.path() / "plugins");
        config_file = dir.path() / "host.json";
        json source = {{"id", "main"}, {"plugin", plugin}, {"options", options}};
        if (credential) source["credentials"] = {{"token", {{"env", "IRU_CHECK_TOKEN"}}}};
        iru::test::write_json(config_file, {{"plugin_dir", "plugins"},
                                            {"state_dir", "state"},
                                            {"output_dir", "evidence"},
                                            {"sources", json::array({source})}});
    }
    iru::test::ProcessResult check(const std::string& secret) {
        return iru::test::run_process(binary, {"check", "--config", config_file.string()},
                                      {{"IRU_CHECK_TOKEN", secret}}, dir.path());
    }
};

}  // namespace

TEST_CASE("check report: every part of the plugin's report is shown, unknown parts ignored") {
    const std::string text = format_check_report(source_with_token(), "x 1.0.0",
                                                 finished(RunStatus::complete), sample_report());
    CHECK_THAT(
        text,
        Catch::StartsWith(
            "Source main (plugin x 1.0.0)\n  Credential:  accepted\n"
            "               authorization auth-9 \"Iru Compliance\", created 2026-01-01T00:00:00Z\n"
            "               expires 2026-12-05T00:00:00Z (in 7 days)\n"
            "  Account:     jane@example.com (id acc-1)\n"
            "               two-factor authentication: on\n"));
    CHECK_THAT(text, Catch::Contains("  Scopes:      2\n               KIND        NAME            "
                                     "            ROLE          APPS\n"));
    CHECK_THAT(text, Catch::Matches("(.|\\n)*team +acme +admin +12\\n(.|\\n)*"));
    CHECK_THAT(text, Catch::Matches("(.|\\n)*team +beta +member +-\\n(.|\\n)*"));
    CHECK_THAT(text, Catch::Contains("  Budget:      4321 requests left in the budget\n"));
    // Worst first: the warning before the information.
    CHECK_THAT(text, Catch::Contains(
                         "  Findings:    2\n               - warn: the token expires in 7 days\n"
                         "                 what to do: create a new one\n"
                         "               - info: Missing apps?"));
    CHECK_THAT(text, Catch::EndsWith("  Result:      complete\n"));
    CHECK(text.find("something_new") == std::string::npos);
    CHECK(text.find("Configured") == std::string::npos);
}

TEST_CASE(
    "check report: what was looked at, the requests and their bound, and no gap on a complete "
    "check") {
    const std::string text = format_check_report(
        source_with_token(), "x 1", finished(RunStatus::complete), probed_report("ok"));
    CHECK_THAT(
        text,
        Catch::Contains(
            "  Looked at:   4 probes, 4 requests (at most 8: 5 + 2 per team probed)\n"
            "               RESULT   ITEMS  WHAT\n"
            "               ok       1      the token's account (GET /account)\n"
            "               ok       1000+  the account's teams (GET /teams)\n"
            "               ok       3      members of team acme (GET /teams/{team}/members)\n"
            "               ok       -      the token's OAuth scope\n"));
    CHECK_THAT(text, Catch::Contains("  Not probed:  3 teams: at most 10 are probed\n"));
    CHECK_THAT(text, Catch::Contains("  Gaps:        none\n"));
    CHECK_THAT(text, Catch::EndsWith("  Result:      complete\n"));
}

TEST_CASE(
    "check report: a gap is named once with its kind, endpoint, cause and remedy, and the check is "
    "partial") {
    // The plugin returned ok, yet its report lists a gap: the host does not say complete.
    const std::string text = format_check_report(
        source_with_token(), "x 1", finished(RunStatus::complete), probed_report("gap"));
    CHECK_THAT(
        text,
        Catch::Contains(
            "               gap      -      members of team acme (GET /teams/{team}/members)\n"));
    CHECK_THAT(text, Catch::Contains("  Gaps:        1\n"
                                     "               - team_members_denied: members of team acme "
                                     "(GET /teams/{team}/members)\n"
                                     "                 403 forbidden: no access to the members\n"
                                     "                 what to do: use a member's token\n"));
    CHECK(text.find("could not be read: 403") == std::string::npos);  // its finding is not repeated
    CHECK_THAT(text, Catch::Contains("  Findings:    2\n"));
    CHECK(text.find("Gaps:        none") == std::string::npos);
    CHECK(text.find("complete") == std::string::npos);
    CHECK_THAT(text, Catch::EndsWith("  Result:      partial\n"));
}

TEST_CASE("check report: a check that did not finish never says Gaps: none") {
    json report = probed_report("ok");
    report["probes"][0]["result"] = "failed";
    std::string text = format_check_report(source_with_token(), "x 1",
                                           finished(RunStatus::network, "refused"), report);
    CHECK_THAT(text, Catch::Contains("  Gaps:        unknown: the check did not finish\n"));
    CHECK_THAT(text, Catch::Contains("  Result:      network\n"));

    report = probed_report("gap");
    text = format_check_report(source_with_token(), "x 1", finished(RunStatus::rate_limited, "429"),
                               report);
    CHECK_THAT(text,
               Catch::Contains("  Gaps:        1 (the check did not finish: there may be more)\n"));
    CHECK(text.find("Gaps:        none") == std::string::npos);
}

TEST_CASE("check status: complete only when the report lists nothing less") {
    CHECK(check_status(RunStatus::complete, std::nullopt) == RunStatus::complete);
    CHECK(check_status(RunStatus::complete, sample_report()) ==
          RunStatus::complete);  // no probes: the plugin's word
    CHECK(check_status(RunStatus::complete, probed_report("ok")) == RunStatus::complete);
    CHECK(check_status(RunStatus::complete, probed_report("gap")) == RunStatus::partial);
    CHECK(check_status(RunStatus::complete, probed_report("failed")) == RunStatus::partial);
    json said_partial = probed_report("ok");
    said_partial["result"] = "partial";
    CHECK(check_status(RunStatus::complete, said_partial) == RunStatus::partial);
    json skipped = probed_report("skipped");
    CHECK(check_status(RunStatus::complete, skipped) == RunStatus::complete);
    // A failure stays what it is.
    CHECK(check_status(RunStatus::auth_failed, probed_report("gap")) == RunStatus::auth_failed);
    CHECK(check_status(RunStatus::partial, probed_report("ok")) == RunStatus::partial);
}

TEST_CASE(
    "check report: a rejected credential says where it is configured, an empty report still "
    "reads") {
    json report = {{"credential", {{"state", "rejected"}, {"detail", "401 Unauthorized"}}},
                   {"findings",
                    {{{"level", "error"},
                      {"message", "the token is\nexpired"},
                      {"remedy", "make a new one"}}}}};
    std::string text = format_check_report(source_with_token(), "x 1",
                                           finished(RunStatus::auth_failed, "401"), report);
    CHECK_THAT(
        text,
        Catch::Contains(
            "  Credential:  REJECTED (authentication failed)\n               401 Unauthorized\n"));
    CHECK_THAT(text,
               Catch::Contains(
                   "- error: the token is expired\n                 what to do: make a new one\n"));
    CHECK_THAT(text, Catch::Contains("  Result:      auth_failed\n  Error:       401\n  "
                                     "Configured:  /sources/0/credentials/token\n"));
    CHECK(text.find("Budget") == std::string::npos);

    text = format_check_report(source_with_token(), "x 1", finished(RunStatus::network, "refused"),
                               std::nullopt, "refused: not valid JSON");
    CHECK_THAT(text, Catch::Contains(
                         "  Credential:  not verified\n  Report:      refused: not valid JSON\n"));
    CHECK_THAT(text, Catch::Contains(
                         "  Budget:      unknown\n  Findings:    none\n  Result:      network\n"));

    report = {{"credential", {{"state", "accepted"}, {"expires_at", nullptr}}},
              {"identity", "not an object"},
              {"scopes", json::array()},
              {"budget", {{"remaining", "many"}}},
              {"findings", "none"}};
    text = format_check_report(source_with_token(), "x 1", finished(RunStatus::complete), report);
    CHECK_THAT(text, Catch::Contains("  Credential:  accepted\n               does not expire\n"
                                     "  Identity:    unknown (the plugin could not read it)\n"
                                     "  Budget:      unknown\n  Findings:    none\n"));
}

TEST_CASE("check report: the fallback shows the collection's records and its summary's findings") {
    SourceRunResult run = finished(RunStatus::partial, "1 gap");
    run.records = 3;
    run.counts = {{"x.item", 2}, {"x.summary", 1}};
    run.collection_summary =
        json{{"status", "partial"},
             {"counts", {{"x.item", 2}}},
             {"warnings", {"mind this"}},
             {"findings",
              {{{"level", "warn"}, {"message", "a gap"}, {"remedy", nullptr}, {"count", 4}}}}};
    std::string text = format_fallback_check_report(source_with_token(), "x 1", run);
    CHECK_THAT(text,
               Catch::Contains(
                   "  Check:       the plugin offers no troubleshooting report (iru.check/1)"));
    CHECK_THAT(text,
               Catch::Contains(
                   "  Credential:  accepted\n  Records:     3 (x.item 2, x.summary 1)\n"
                   "  Warning:     mind this\n  Findings:    1\n               - warn: a gap (×4)\n"
                   "  Result:      partial\n"));
    SourceConfig no_credentials;
    no_credentials.id = "old";
    run = finished(RunStatus::complete);
    text = format_fallback_check_report(no_credentials, "x 1", run);
    CHECK_THAT(text, Catch::Contains("  Credential:  none configured\n  Records:     0\n"
                                     "  Summary:     none (the plugin sent no summary record)\n"));
}

TEST_CASE("check binary: the plugin's report is printed, nothing is written, no secret shows") {
    json report = sample_report();
    CheckSite site(json{{"check_report", report}, {"check_credential", "token"}, {"count", 5}});
    const std::string secret = iru::test::secret_marker("check");
    const auto r = site.check(secret);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Source main (plugin echo-identity 1.2.3)"));
    CHECK_THAT(r.out, Catch::Contains("Credential:  accepted"));
    CHECK_THAT(r.out, Catch::Contains("Account:     jane@example.com (id acc-1)"));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*acme +admin +12\\n(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Contains("expires 2026-12-05T00:00:00Z (in 7 days)"));
    CHECK_THAT(r.out, Catch::Contains("Budget:      4321 requests left"));
    CHECK_THAT(r.out,
               Catch::Contains("Missing apps? The account sees the apps of the teams acme, beta"));
    CHECK(r.out.find("Records:") == std::string::npos);  // run_check ran, not a collection
    CHECK_FALSE(fs::exists(site.dir.path() / "evidence"));
    CHECK_FALSE(fs::exists(site.dir.path() / "state" / "main" / "state.json"));
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(r.err.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("check binary: a rejected credential exits 3 with the plugin's explanation") {
    json report = {{"credential", {{"state", "rejected"}}},
                   {"findings",
                    {{{"level", "error"},
                      {"message", "The API answered 401 Unauthorized"},
                      {"remedy", "create a new token"}}}}};
    CheckSite site(json{{"check_report", report},
                        {"check_status", "auth_failed"},
                        {"message", "401 Unauthorized: the API rejected the token"}});
    const auto r = site.check(iru::test::secret_marker("check401"));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("Credential:  REJECTED"));
    CHECK_THAT(r.out, Catch::Contains("Error:       401 Unauthorized: the API rejected the token"));
    CHECK_THAT(r.out, Catch::Contains("what to do: create a new token"));
    CHECK_THAT(r.out, Catch::Contains("Configured:  /sources/0/credentials/token"));
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE(
    "check binary: a report with a gap exits 2 and says partial, even when the plugin said ok") {
    CheckSite site(json{{"check_report", probed_report("gap")}, {"check_credential", "token"}});
    const auto r = site.check(iru::test::secret_marker("checkgap"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("- team_members_denied: members of team acme"));
    CHECK_THAT(r.out, Catch::Contains("Result:      partial"));
    CHECK(r.out.find("Result:      complete") == std::string::npos);
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("check binary: a report carrying the lent secret is refused") {
    const std::string secret = iru::test::secret_marker("checkleak");
    CheckSite site(json{{"check_report", {{"identity", {{"kind", "account"}, {"name", secret}}}}},
                        {"check_credential", "token"}});
    const auto r = site.check(secret);
    CHECK_THAT(r.out,
               Catch::Contains("Report:      refused: it contains a credential the host lent"));
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(r.err.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("check binary: a plugin without the extension gets a collection and the generic report") {
    const json finding = {
        {"level", "warn"}, {"message", "echo warns"}, {"remedy", nullptr}, {"count", 2}};
    const json summary = {
        {"status", "ok"}, {"counts", {{"echo.item", 2}}}, {"findings", json::array({finding})}};
    CheckSite site(json{{"count", 2}, {"summary", summary}}, "echo");
    const auto r = site.check("unused");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("the plugin offers no troubleshooting report (iru.check/1)"));
    CHECK_THAT(r.out, Catch::Contains("Records:     3 (echo.collection_summary 1, echo.item 2)"));
    CHECK_THAT(r.out, Catch::Contains("- warn: echo warns (×2)"));
    CHECK_FALSE(fs::exists(site.dir.path() / "evidence"));
}

TEST_CASE("check binary: a plugin of ABI 1.0 gets the generic report") {
    CheckSite site(json::object(), "abi-1-0", false);
    const auto r = site.check("unused");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Source main (plugin abi-1-0 1.0.0)"));
    CHECK_THAT(r.out, Catch::Contains("the plugin offers no troubleshooting report (iru.check/1)"));
    CHECK_THAT(
        r.out,
        Catch::Contains(
            "Credential:  none configured\n  Records:     3 (abi10.collection_summary 1, "
            "abi10.item 2)\n"
            "  Summary:     none (the plugin sent no summary record)\n  Result:      complete\n"));
    CHECK_FALSE(fs::exists(site.dir.path() / "evidence"));
}

TEST_CASE("terminal: a progress line on a TTY, cleared before log lines, none otherwise") {
    ProgressView view;
    view.source_id = "heroku-main";
    view.records = 120;
    view.requests = 45;
    view.rate_limit_remaining = 4400;
    view.phase = "apps 12/50";
    view.by_type = {{"heroku.app", 50}, {"heroku.dyno", 70}};
    CHECK(Terminal::format_progress(view, 200) ==
          "heroku-main: apps 12/50 | 45 requests | budget 4400 | 120 records (dyno 70, app 50)");
    CHECK(display_columns(Terminal::format_progress(view, 20)) <= 20);

    std::ostringstream out, err;
    Terminal tty(out, err, true);
    tty.progress(view);
    tty.log("heroku-main", LogLevel::info, "hello");
    CHECK_THAT(err.str(), Catch::StartsWith("\r\033[Kheroku-main: apps 12/50"));
    CHECK_THAT(err.str(),
               Catch::Contains("\r\033[K20") && Catch::Contains("info heroku-main: hello\n"));

    std::ostringstream out2, err2;
    Terminal plain(out2, err2, false);
    plain.progress(view);
    plain.log("s", LogLevel::warn, "a\x1b[31mb");
    CHECK(err2.str().find('\r') == std::string::npos);
    CHECK_THAT(err2.str(), Catch::EndsWith("warn s: a?[31mb\n"));
    CHECK(err2.str().find("progress") == std::string::npos);  // not within the first 30 s

    std::ostringstream out3, err3;
    Terminal periodic(out3, err3, false, std::chrono::milliseconds(0));
    periodic.progress(view);
    CHECK_THAT(err3.str(),
               Catch::EndsWith(" progress heroku-main: apps 12/50 | 45 requests | budget 4400 | "
                               "120 records (dyno 70, app 50)\n"));
}
