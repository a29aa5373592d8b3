// `check`: the options it runs with, the report it prints from the collection summary, and the real
// binary (no evidence written, exit codes, the 401 explanation).
#include <catch2/catch.hpp>

#include <sstream>

#include "check_report.hpp"
#include "host_test_support.hpp"
#include "plugin_discovery.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"
#include "terminal.hpp"

using namespace iru::host;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

json contract_summary() {
    return json::parse(R"({
      "status": "ok", "message": "", "started_at": "2026-11-28T07:00:00Z", "finished_at": "2026-11-28T07:00:02Z",
      "duration_ms": 2000, "counts": {"heroku.app": 14},
      "gaps": [{"kind": "team_members_denied", "resource": "/teams/t2/members", "team": {"id": "t2", "name": "beta"},
                "reason": "403 forbidden: not an admin"}],
      "requests": {"total": 20, "pages": 22, "retries": 0, "rate_limited": 0, "throttled_waits": 0, "duplicate_urls": 0},
      "rate_limit_remaining": 4321,
      "account": {"id": "acc-1", "email": "jane@example.com", "two_factor_authentication": true, "federated": false},
      "teams": [{"id": "t1", "name": "acme", "role": "admin", "app_count": 12},
                {"id": "t2", "name": "beta", "role": "member", "app_count": 2}],
      "token": {"matched": true, "id": "auth-9", "description": "Iru Compliance", "created_at": "2026-01-01T00:00:00Z",
                "expires_at": "2026-12-05T00:00:00Z", "expires_in_days": 7,
                "warning": "the token expires in 7 days; create a new one before then"},
      "warnings": [],
      "missing_apps_hint": "The account sees apps of the teams acme, beta and its personal apps."})");
}

struct CheckSite {
    iru::test::TempDir dir;
    fs::path config_file;
    explicit CheckSite(const json& options, const std::string& plugin = "echo-identity") {
        iru::test::install_test_plugin("echo_identity", dir.path() / "plugins");
        iru::test::install_test_plugin("echo", dir.path() / "plugins");
        config_file = dir.path() / "host.json";
        iru::test::write_json(config_file,
                              {{"plugin_dir", "plugins"}, {"state_dir", "state"}, {"output_dir", "evidence"},
                               {"sources", json::array({{{"id", "main"}, {"plugin", plugin},
                                                         {"credentials", {{"token", {{"env", "IRU_CHECK_TOKEN"}}}}},
                                                         {"options", options}}})}});
    }
    iru::test::ProcessResult check(const std::string& secret) {
        return iru::test::run_process(binary, {"check", "--config", config_file.string()}, {{"IRU_CHECK_TOKEN", secret}},
                                      dir.path());
    }
};

}  // namespace

TEST_CASE("check: identity types are merged into the options only for plugins that emit them") {
    PluginDescription identity;
    identity.record_types = {"heroku.account", "heroku.team", "heroku.app", "heroku.token", "x.y"};
    PluginDescription other;
    other.record_types = {"echo.item"};
    SourceConfig source;
    source.options = {{"count", 1}, {"include", {"heroku.dyno"}}, {"exclude", {"heroku.app"}}};
    const json merged = check_options(source, identity);
    CHECK(merged["include"] == json({"heroku.account", "heroku.team", "heroku.app", "heroku.token"}));
    CHECK_FALSE(merged.contains("exclude"));
    CHECK(merged["count"] == 1);
    CHECK(check_options(source, other) == source.options);
}

TEST_CASE("check binary: prints account, teams, token expiry, rate budget, gaps, writes no evidence") {
    CheckSite site(json{{"credential", "token"}, {"summary", contract_summary()}});
    const std::string secret = iru::test::secret_marker("check");
    const auto r = site.check(secret);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Source main (plugin echo-identity 1.2.3)"));
    CHECK_THAT(r.out, Catch::Contains("Credential:  accepted"));
    CHECK_THAT(r.out, Catch::Contains("Account:     jane@example.com (id acc-1)"));
    CHECK_THAT(r.out, Catch::Contains("two-factor authentication: on"));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*acme +admin +12\\n(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Matches("(.|\\n)*beta +member +2\\n(.|\\n)*"));
    CHECK_THAT(r.out, Catch::Contains("expires 2026-12-05T00:00:00Z (in 7 days)"));
    CHECK_THAT(r.out, Catch::Contains("WARNING: the token expires in 7 days"));
    CHECK_THAT(r.out, Catch::Contains("Rate limit:  4321 requests left"));
    CHECK_THAT(r.out, Catch::Contains("team_members_denied /teams/t2/members: 403 forbidden: not an admin"));
    CHECK_THAT(r.out, Catch::Contains("Missing apps? The account sees apps of the teams acme, beta"));
    CHECK_FALSE(fs::exists(site.dir.path() / "evidence"));
    CHECK_FALSE(fs::exists(site.dir.path() / "state" / "main" / "state.json"));
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
    CHECK(r.err.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("check binary: a rejected token explains 401 and how to create a new one, exit 3") {
    json summary = contract_summary();
    summary["status"] = "auth_failed";
    summary["account"] = nullptr;
    summary["teams"] = json::array();
    summary["token"] = nullptr;
    summary["rate_limit_remaining"] = nullptr;
    CheckSite site(json{{"credential", "token"}, {"status", "auth_failed"},
                    {"message", "401 Unauthorized: the API rejected the token"}, {"summary", summary}});
    const auto r = site.check(iru::test::secret_marker("check401"));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("Credential:  REJECTED"));
    CHECK_THAT(r.out, Catch::Contains("Error:       401 Unauthorized: the API rejected the token"));
    CHECK_THAT(r.out, Catch::Contains("expired, was revoked, or was regenerated"));
    CHECK_THAT(r.out, Catch::Contains("heroku authorizations:create --description \"Iru Compliance\""));
    CHECK_THAT(r.out, Catch::Contains("(/sources/0/credentials/token)"));
    CHECK_THAT(r.out, Catch::Contains("Missing apps? The account sees apps of the teams"));
    CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
}

TEST_CASE("check binary: a plugin without the identity types runs a full collection and says so") {
    CheckSite site(json{{"count", 2}}, "echo");
    const auto r = site.check("unused");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("the plugin sent no collection summary; records received: 2"));
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
          "heroku-main: 120 records (dyno 70, app 50) | 45 requests | rate budget 4400 | apps 12/50");
    CHECK(Terminal::format_progress(view, 20).size() == 20);

    std::ostringstream out, err;
    Terminal tty(out, err, true);
    tty.progress(view);
    tty.log("heroku-main", LogLevel::info, "hello");
    CHECK_THAT(err.str(), Catch::StartsWith("\r\033[Kheroku-main: 120 records"));
    CHECK_THAT(err.str(), Catch::Contains("\r\033[K20") && Catch::Contains("info heroku-main: hello\n"));

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
    CHECK_THAT(err3.str(), Catch::EndsWith(" progress heroku-main: 120 records (dyno 70, app 50) | 45 requests | "
                                           "rate budget 4400 | apps 12/50\n"));
}
