// What a run says on a terminal, with the real plugin against the fake Heroku: the host's output
// through a pseudo-terminal (stdout and stderr together, as a user sees them). Each message once,
// the findings before the counts, warnings in the log of a scheduled run, a progress line that fits
// 80 columns with the app count, and a connection failure blamed on the network, not the token.
#include <signal.h>

#include <catch2/catch.hpp>

#include <regex>
#include <thread>

#include "fake_heroku/fake_heroku.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "progress_line.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

struct Site {
    iru::fake::FakeHeroku fake;
    iru::test::TempDir dir;
    fs::path config_file;

    explicit Site(iru::fake::Config config) : fake(std::move(config)) {
        fake.start();
        config_file = dir.path() / "host.json";
    }
    void configure(json options = json::object()) {
        if (!options.contains("api_url")) options["api_url"] = fake.base_url();
        options["connect_timeout"] = 2;
        iru::test::write_json(
            config_file,
            {{"plugin_dir", IRU_PLUGIN_DIR},
             {"state_dir", "var/state"},
             {"output_dir", "var/evidence"},
             {"sources", json::array({{{"id", "heroku-main"},
                                       {"plugin", "heroku"},
                                       {"credentials", {{"token", {{"env", "HEROKU_API_KEY"}}}}},
                                       {"schedule", {{"every", "24h"}}},
                                       {"options", std::move(options)}}})}});
    }
    std::string run_on_terminal(const std::string& token, unsigned short columns, int& exit_code) {
        return iru::test::run_on_pty(binary, {"run", "--config", config_file.string(), "--once"},
                                     {{"HEROKU_API_KEY", token}}, dir.path(), columns, exit_code,
                                     std::chrono::seconds(60));
    }
};

iru::fake::Config small_account(int apps) {
    iru::fake::Config config;
    config.account.apps = apps;
    config.account.teams = 2;
    config.account.members_per_team = 3;
    config.account.releases_per_app = 1;
    return config;
}

}  // namespace

TEST_CASE("console: a rejected token's explanation and remedy are said once, nothing unrelated") {
    Site site(small_account(5));
    site.configure();
    int exit_code = -1;
    const std::string shown = site.run_on_terminal("HRKU-not-the-right-token-0000", 120, exit_code);
    INFO(shown);
    CHECK(exit_code == 3);
    CHECK(occurrences(shown, "Heroku rejected the API token") == 1);
    CHECK(occurrences(shown, "heroku authorizations:create") == 1);
    CHECK(occurrences(shown, "Missing apps") == 0);
    CHECK(occurrences(shown, "missing") == 0);
    // It leads the report, the table of counts follows.
    CHECK(shown.find("heroku-main: auth_failed — Heroku rejected the API token") <
          shown.find("SOURCE"));
}

TEST_CASE("console: a token expiring tomorrow is said once, before the counts") {
    auto config = small_account(5);
    config.account.token_expires_in = 86400 + 3600;
    Site site(config);
    site.configure();
    int exit_code = -1;
    const std::string shown = site.run_on_terminal(site.fake.token(), 160, exit_code);
    INFO(shown);
    CHECK(exit_code == 0);
    CHECK(occurrences(shown, "the Heroku token expires in 1 day") == 1);
    const std::size_t warning = shown.find("warn: the Heroku token expires in 1 day");
    REQUIRE(warning != std::string::npos);
    CHECK(warning < shown.find("SOURCE"));
    CHECK(shown.find("heroku-main: complete\r\n") < warning);  // under its run's line
}

TEST_CASE("console: an identity provider certificate expiring in 5 days is said once") {
    auto config = small_account(5);
    config.faults.idp_certificate_expires_in_days = 5;
    Site site(config);
    site.configure();
    int exit_code = -1;
    const std::string shown = site.run_on_terminal(site.fake.token(), 200, exit_code);
    INFO(shown);
    CHECK(exit_code == 0);
    const std::string said = "warn: 1 identity provider certificate(s) expired or expiring within";
    CHECK(occurrences(shown, said) == 1);
    CHECK(shown.find(said) < shown.find("SOURCE"));
    CHECK(occurrences(shown, "BEGIN CERTIFICATE") == 0);
}

TEST_CASE("console: a scheduled run logs the summary's warnings, each once") {
    auto config = small_account(5);
    config.account.token_expires_in = 86400 + 3600;
    Site site(config);
    site.configure();
    iru::test::ChildProcess child(binary, {"run", "--config", site.config_file.string()},
                                  {{"HEROKU_API_KEY", site.fake.token()}}, site.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (child.err_so_far().find("next run") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    child.send(SIGTERM);
    const auto r = child.wait(std::chrono::seconds(20));
    INFO(r.err);
    CHECK(occurrences(r.err, " warn heroku-main: the Heroku token expires in 1 day") == 1);
    CHECK(occurrences(r.err, "the Heroku token expires in 1 day") == 1);
    CHECK(occurrences(r.err, " info heroku-main: the token") ==
          0);  // the warning says the token's part
    CHECK_THAT(r.err, Catch::Contains(" info heroku-main: admins per team: "));
}

TEST_CASE("console: the progress line fits 80 columns and keeps the app count") {
    auto config = small_account(40);
    config.server.latency = std::chrono::milliseconds(4);
    Site site(config);
    site.configure({{"concurrency", 2}});
    int exit_code = -1;
    const std::string shown = site.run_on_terminal(site.fake.token(), 80, exit_code);
    CHECK(exit_code == 0);
    // Each drawing starts with "\r\033[K" and ends at the next carriage return or newline.
    std::vector<std::string> drawn;
    const std::string clear = "\r\033[K";
    for (std::size_t at = shown.find(clear); at != std::string::npos;
         at = shown.find(clear, at + 1)) {
        const std::size_t start = at + clear.size();
        const std::size_t end = shown.find_first_of("\r\n", start);
        const std::string line = shown.substr(start, end - start);
        if (line.rfind("heroku-main: ", 0) == 0) drawn.push_back(line);
    }
    INFO(shown);
    REQUIRE_FALSE(drawn.empty());
    bool counted = false;
    const std::regex app_count(
        "heroku-main: apps [0-9]+/40 \\| [0-9]+ requests( \\| budget [0-9]+)?.*");
    for (const auto& line : drawn) {
        INFO(line);
        CHECK(iru::host::display_columns(line) <= 79);
        counted = counted || std::regex_match(line, app_count);
    }
    CHECK(counted);
}

TEST_CASE("console: no answer from the API points at the network and the proxy, not the token") {
    Site site(small_account(1));
    site.configure({{"api_url", "http://127.0.0.1:1"}, {"max_retries", 0}});
    int exit_code = -1;
    const std::string shown = site.run_on_terminal(site.fake.token(), 200, exit_code);
    INFO(shown);
    CHECK(exit_code == 1);
    CHECK(occurrences(shown,
                      "check the network, DNS and the proxy settings (HTTPS_PROXY and NO_PROXY") ==
          1);
    CHECK(occurrences(shown, "authorizations:create") == 0);
    CHECK(shown.find(site.fake.token()) == std::string::npos);
}
