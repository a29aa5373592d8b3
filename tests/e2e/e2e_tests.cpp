// The product end to end: iru-host-stub + the Heroku plugin + the fake Heroku. Every test searches
// everything written and printed for the planted secrets ("IRU-SECRET-MARKER").
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "envelope.hpp"
#include "fake_heroku/fake_heroku.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

iru::fake::Config small_account() {
    iru::fake::Config config;
    config.account.apps = 12;
    config.account.teams = 2;
    config.account.members_per_team = 3;
    config.account.releases_per_app = 2;
    return config;
}

struct E2E {
    iru::fake::FakeHeroku fake;
    iru::test::TempDir dir;
    fs::path config_file;

    explicit E2E(iru::fake::Config config = small_account()) : fake(std::move(config)) {
        fake.start();
        config_file = dir.path() / "host.json";
    }
    void configure(json credential, json options = json::object(),
                   const std::string& id = "heroku-main") {
        options["api_url"] = fake.base_url();
        if (!options.contains("connect_timeout")) options["connect_timeout"] = 2;
        iru::test::write_json(
            config_file,
            {{"plugin_dir", IRU_PLUGIN_DIR},
             {"state_dir", "var/state"},
             {"output_dir", "var/evidence"},
             {"sources", json::array({{{"id", id},
                                       {"plugin", "heroku"},
                                       {"credentials", {{"token", std::move(credential)}}},
                                       {"options", std::move(options)}}})}});
    }
    iru::test::ProcessResult run(const std::string& command = "run",
                                 std::map<std::string, std::string> env = {}) {
        std::vector<std::string> args{command, "--config", config_file.string()};
        if (command == "run") args.push_back("--once");
        if (env.count("HEROKU_API_KEY") == 0) env["HEROKU_API_KEY"] = fake.token();
        return iru::test::run_process(binary, args, env, dir.path(), std::chrono::seconds(60));
    }
    fs::path evidence() const { return dir.path() / "var" / "evidence"; }
    fs::path latest() const { return evidence() / "heroku-main" / "latest"; }

    void require_no_secret(const iru::test::ProcessResult& r) const {
        CHECK(r.out.find("IRU-SECRET-MARKER") == std::string::npos);
        CHECK(r.err.find("IRU-SECRET-MARKER") == std::string::npos);
        CHECK(iru::test::files_containing(dir.path() / "var", "IRU-SECRET-MARKER").empty());
        for (const auto& secret : fake.planted_secrets()) {
            CHECK(r.out.find(secret) == std::string::npos);
            CHECK(r.err.find(secret) == std::string::npos);
        }
    }
};

}  // namespace

TEST_CASE("e2e: a run collects the fake account, writes verified evidence, and leaks no secret") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}});
    const auto r = e.run();
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto records = iru::test::read_jsonl(e.latest() / "records.jsonl");
    REQUIRE_FALSE(records.empty());
    std::size_t apps = 0;
    for (const auto& record : records) {
        CHECK(record["source_id"] == "heroku-main");
        CHECK(iru::host::validate_envelope(record).empty());
        if (record["type"] == "heroku.app") ++apps;
    }
    CHECK(apps == e.fake.account().apps.size());
    CHECK(records.back()["type"] == "heroku.collection_summary");
    const json summary = json::parse(iru::test::read_text(e.latest() / "summary.json"));
    CHECK(summary["status"] == "complete");  // said once: the plugin's part holds no status
    CHECK_FALSE(summary["plugin_summary"].contains("status"));
    CHECK_FALSE(summary["plugin_summary"].contains("duration_ms"));
    CHECK(summary["plugin_summary"]["account"]["email"] == e.fake.account().users[0].email);
    CHECK(summary["records_written"] == records.size());
    CHECK(summary["invalid_records"]["count"] == 0);
    e.require_no_secret(r);
}

TEST_CASE("e2e: file, netrc and command credentials, a readable token file is refused") {
    E2E e;
    iru::test::write_text(e.dir.path() / "token", e.fake.token() + "\n", 0600);
    iru::test::write_text(
        e.dir.path() / "netrc",
        "machine api.heroku.com\n  login jane@example.com\n  password " + e.fake.token() + "\n",
        0600);
    iru::test::write_text(e.dir.path() / "vault.sh",
                          "#!/bin/sh\nprintf '%s\\n' '" + e.fake.token() + "'\n", 0700);
    const json options = {{"include", {"heroku.account", "heroku.team", "heroku.app"}}};
    const std::vector<json> credentials = {{{"file", "token"}},
                                           {{"netrc", "api.heroku.com"}},
                                           {{"command", {"./vault.sh"}}, {"timeout", "5s"}}};
    for (const auto& credential : credentials) {
        INFO(credential.dump());
        e.configure(credential, options);
        const auto r =
            e.run("run", {{"HEROKU_API_KEY", ""}, {"NETRC", (e.dir.path() / "netrc").string()}});
        CHECK(r.exit_code == 0);
        e.require_no_secret(r);
    }
    ::chmod((e.dir.path() / "token").c_str(), 0644);
    e.configure({{"file", "token"}}, options);
    const auto refused = e.run();
    CHECK(refused.exit_code == 4);
    CHECK_THAT(refused.out, Catch::Contains("readable or writable by group or others (mode 0644)"));
    e.require_no_secret(refused);
}

TEST_CASE("e2e: exit codes 3 (rejected token), 2 (gaps), 1 (network), 4 (bad option)") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}});
    auto r = e.run("run", {{"HEROKU_API_KEY", "HRKU-wrong-IRU-SECRET-MARKER-wrong"}});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("auth_failed"));
    e.require_no_secret(r);

    iru::fake::FaultSpec faults;
    faults.forbidden_apps.insert(e.fake.account().apps[0].name);
    e.fake.set_faults(faults);
    r = e.run();
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("partial"));
    e.fake.set_faults({});

    e.configure({{"env", "HEROKU_API_KEY"}}, {{"no_such_option", 1}});
    r = e.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out + r.err, Catch::Contains("no_such_option"));

    e.configure({{"env", "HEROKU_API_KEY"}}, {{"max_retries", 0}});
    e.fake.stop();  // nothing listens on that port any more
    r = e.run();
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("network"));
    e.require_no_secret(r);
}

TEST_CASE(
    "e2e: check shows the token's owner, teams, expiry and budget, explains a 401, writes "
    "nothing") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}});
    auto r = e.run("check");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Account:     " + e.fake.account().users[0].email));
    for (const auto& team : e.fake.account().teams) CHECK_THAT(r.out, Catch::Contains(team.name));
    CHECK_THAT(r.out, Catch::Contains("expires ") && Catch::Contains("(in 30 days)"));
    CHECK_THAT(r.out, Catch::Contains("requests left in the budget"));
    CHECK_THAT(r.out, Catch::Contains("Missing apps?"));
    CHECK_THAT(r.out, Catch::Contains("Gaps:        none\n"));
    CHECK_THAT(r.out, Catch::Contains("Result:      complete"));
    CHECK_FALSE(fs::exists(e.evidence()));
    e.require_no_secret(r);

    iru::fake::FaultSpec expired;
    expired.token_expired = true;
    e.fake.set_faults(expired);
    r = e.run("check");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("REJECTED") &&
                          Catch::Contains(
                              "heroku authorizations:create --description \"Iru Compliance\""));
    CHECK_THAT(r.out, Catch::Contains("Gaps:        unknown: the check did not finish"));
    CHECK_FALSE(fs::exists(e.evidence()));
    e.require_no_secret(r);
}

TEST_CASE("e2e: check on an account whose run would be partial names the gaps and exits 2") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}});
    iru::fake::FaultSpec faults;
    faults.teams_denying_members.insert(e.fake.account().teams[0].name);
    e.fake.set_faults(faults);
    e.fake.clear_requests();
    const auto r = e.run("check");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("Looked at:") && Catch::Contains("requests (at most "));
    CHECK_THAT(r.out, Catch::Contains("Gaps:        1\n"));
    CHECK_THAT(r.out,
               Catch::Contains("- team_members_denied: members of team " +
                               e.fake.account().teams[0].name + " (GET /teams/{team}/members)"));
    CHECK_THAT(r.out, Catch::Contains("Result:      partial"));
    CHECK(r.out.find("Gaps:        none") == std::string::npos);
    CHECK(r.out.find("Result:      complete") == std::string::npos);
    CHECK(e.fake.requests().size() <= 5 + 3 * e.fake.account().teams.size());
    CHECK_FALSE(fs::exists(e.evidence()));
    e.require_no_secret(r);
}

TEST_CASE(
    "e2e: SIGTERM mid-run ends within 2 s with a cancelled summary, after SIGKILL the next run is "
    "fine") {
    iru::fake::Config slow = small_account();
    slow.server.latency = std::chrono::milliseconds(150);
    E2E e(slow);
    e.configure({{"env", "HEROKU_API_KEY"}}, {{"concurrency", 1}});
    auto start_and_wait = [&](iru::test::ChildProcess& child) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (child.err_so_far().find("found") == std::string::npos &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    };
    const std::map<std::string, std::string> env = {{"HEROKU_API_KEY", e.fake.token()}};
    {
        iru::test::ChildProcess child(binary, {"run", "--config", e.config_file.string(), "--once"},
                                      env, e.dir.path());
        start_and_wait(child);
        const auto signalled = std::chrono::steady_clock::now();
        child.send(SIGTERM);
        const auto r = child.wait(std::chrono::seconds(10));
        CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
        CHECK(r.exit_code == 1);
        e.require_no_secret(r);
        std::size_t cancelled = 0;
        for (const auto& item : fs::directory_iterator(e.evidence() / "heroku-main")) {
            if (!fs::exists(item.path() / "summary.json")) continue;
            const json summary = json::parse(iru::test::read_text(item.path() / "summary.json"));
            cancelled += summary["status"] == "cancelled" ? 1 : 0;
        }
        CHECK(cancelled == 1);
        CHECK_FALSE(fs::exists(e.latest()));
    }
    {
        iru::test::ChildProcess child(binary, {"run", "--config", e.config_file.string(), "--once"},
                                      env, e.dir.path());
        start_and_wait(child);
        child.send(SIGKILL);
        child.wait(std::chrono::seconds(5));
    }
    CHECK_FALSE(fs::exists(e.latest()));
    e.fake.set_latency(std::chrono::milliseconds(0));
    e.configure({{"env", "HEROKU_API_KEY"}}, {{"include", {"heroku.account", "heroku.app"}}});
    const auto r = e.run();
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(e.latest() / "summary.json"));
    e.require_no_secret(r);
}

TEST_CASE("e2e: plugins lists the built Heroku plugin as loadable") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}});
    const auto r = e.run("plugins");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out,
               Catch::Matches("(.|\\n)*heroku +1\\.[0-9]+\\.[0-9]+ +1\\.1 +loadable(.|\\n)*"));
    CHECK(r.err.empty());
}

TEST_CASE(
    "e2e: plugins and run name the JSON path of a Heroku option the plugin refuses, and write "
    "nothing") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}}, {{"concurrency", 999}});
    auto r = e.run("plugins");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains(e.config_file.string() + ": /sources/0/options/concurrency: "));
    CHECK_THAT(r.err, Catch::Contains("option 'concurrency' must be"));
    r = e.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("/sources/0/options/concurrency: "));
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(e.evidence()));
    CHECK(e.fake.requests().empty());  // found before any request
    e.configure({{"env", "HEROKU_API_KEY"}});
    r = e.run("plugins", {{"HEROKU_API_KEY", ""}});
    CHECK(r.exit_code == 4);
    CHECK_THAT(
        r.err,
        Catch::Contains(
            "/sources/0/credentials/token/env: environment variable HEROKU_API_KEY is not set"));
}

TEST_CASE("e2e: runs within a small budget carry apps forward until the snapshot is complete") {
    E2E e;
    e.configure({{"env", "HEROKU_API_KEY"}}, {{"max_requests_per_run", 100}});
    const std::size_t apps = e.fake.account().apps.size();
    std::set<std::string> observed_before;
    for (int run = 1; run <= 6; ++run) {
        const auto r = e.run();
        INFO("run " << run << ": " << r.err);
        REQUIRE((r.exit_code == 0 || r.exit_code == 2));
        e.require_no_secret(r);
        const auto records = iru::test::read_jsonl(e.latest() / "records.jsonl");
        const json summary = json::parse(iru::test::read_text(e.latest() / "summary.json"));
        const json incremental = summary.at("plugin_summary").at("incremental");
        INFO(incremental.dump());
        CHECK(incremental.at("mode") == "incremental");
        const std::string run_id = summary.at("run_id");
        if (run == 1) CHECK(incremental.at("apps_not_observed") > 0);  // the budget is too small
        // Scoped records: the apps read now carry this run's id, the carried ones an earlier run's.
        std::set<std::string> read_now, carried;
        for (const auto& record : records) {
            if (!record.contains("scope")) continue;
            CHECK(iru::host::validate_envelope(record).empty());
            (record.at("run_id") == run_id ? read_now : carried).insert(record.at("scope"));
        }
        for (const auto& scope : read_now) CHECK(carried.count(scope) == 0);
        CHECK(carried.size() == incremental.at("apps_carried"));
        CHECK(read_now.size() == incremental.at("apps_read"));
        for (const auto& scope : observed_before)
            CHECK((read_now.count(scope) + carried.count(scope)) == 1);
        observed_before.insert(read_now.begin(), read_now.end());
        if (run > 1) CHECK(summary.at("carried_forward").at("records") > 0);
        if (incremental.at("snapshot_complete") == true) {
            CHECK(r.exit_code == 0);
            CHECK(run >= 2);
            CHECK(observed_before.size() == apps);
            CHECK(read_now.size() + carried.size() == apps);
            return;
        }
        CHECK(r.exit_code == 2);
        CHECK(incremental.at("apps_not_observed") > 0);
    }
    FAIL("no complete snapshot after 6 runs");
}
