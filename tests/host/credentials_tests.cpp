// Credential kinds (env, file, netrc, command), their refusals, and the per-run vault.
#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "credentials.hpp"
#include "host_config.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;
namespace fs = std::filesystem;

using nlohmann::json;

namespace {

CredentialSpec spec_of(CredentialSpec::Kind kind) {
    CredentialSpec spec;
    spec.kind = kind;
    spec.json_path = "/sources/0/credentials/token";
    return spec;
}

std::string error_of(const CredentialSpec& spec) {
    try {
        resolve_credential(spec);
    } catch (const CredentialError& e) {
        return e.what();
    }
    return "";
}

struct Received {
    std::string value;
    static void take(void* ctx, const char* v, std::uint64_t n) {
        static_cast<Received*>(ctx)->value.assign(v, n);
    }
};

}  // namespace

TEST_CASE("credentials: env") {
    const std::string secret = iru::test::secret_marker("env");
    ::setenv("IRU_TEST_CRED_ENV", (secret + "\n").c_str(), 1);
    auto spec = spec_of(CredentialSpec::Kind::env);
    spec.env_var = "IRU_TEST_CRED_ENV";
    CHECK(resolve_credential(spec).view() == secret);
    ::unsetenv("IRU_TEST_CRED_ENV");
    CHECK(error_of(spec) ==
          "credential at /sources/0/credentials/token: environment variable IRU_TEST_CRED_ENV is "
          "not set or empty");
}

TEST_CASE("credentials: file, refused when group or others can read it") {
    iru::test::TempDir dir;
    const std::string secret = iru::test::secret_marker("file");
    const fs::path file = dir.path() / "token";
    iru::test::write_text(file, secret + "\n", 0600);
    auto spec = spec_of(CredentialSpec::Kind::file);
    spec.file = file;
    CHECK(resolve_credential(spec).view() == secret);

    iru::test::write_text(file, secret, 0640);
    const std::string refused = error_of(spec);
    CHECK_THAT(refused, Catch::Contains(file.string() +
                                        " is readable or writable by group or others (mode 0640)"));
    CHECK_THAT(refused, Catch::Contains("chmod 600"));
    CHECK(refused.find(secret) == std::string::npos);
    iru::test::write_text(file, secret, 0604);
    CHECK_THAT(error_of(spec), Catch::Contains("(mode 0604)"));

    iru::test::write_text(file, "\n", 0600);
    CHECK_THAT(error_of(spec), Catch::Contains("is empty"));
    spec.file = dir.path() / "absent";
    CHECK_THAT(error_of(spec), Catch::Contains("absent does not exist"));
}

TEST_CASE("credentials: netrc as the Heroku CLI writes it, from $NETRC") {
    const std::string text =
        "machine api.heroku.com\n  login jane@example.com\n  password API-SECRET\n"
        "machine git.heroku.com\n  login jane@example.com\n  password GIT-SECRET\n";
    CHECK(netrc_password(text, "api.heroku.com") == "API-SECRET");
    CHECK(netrc_password(text, "git.heroku.com") == "GIT-SECRET");
    CHECK_FALSE(netrc_password(text, "example.com"));
    CHECK_FALSE(netrc_password("machine a login x password p1 default login d password dp", "zzz"));
    CHECK(netrc_password("macdef init\nmachine api.heroku.com password fake\n\nmachine "
                         "api.heroku.com password real",
                         "api.heroku.com") == "real");

    iru::test::TempDir dir;
    const std::string secret = iru::test::secret_marker("netrc");
    const fs::path netrc = dir.path() / "netrc";
    iru::test::write_text(
        netrc, "machine api.heroku.com\n  login jane@example.com\n  password " + secret + "\n",
        0600);
    const char* old_netrc = ::getenv("NETRC");
    const std::string saved = old_netrc != nullptr ? old_netrc : "";
    ::setenv("NETRC", netrc.c_str(), 1);
    auto spec = spec_of(CredentialSpec::Kind::netrc);
    spec.machine = "api.heroku.com";
    CHECK(resolve_credential(spec).view() == secret);
    spec.machine = "api.example.com";
    CHECK_THAT(error_of(spec), Catch::Contains("has no password for machine api.example.com"));
    spec.machine = "api.heroku.com";
    ::chmod(netrc.c_str(), 0644);
    CHECK_THAT(error_of(spec),
               Catch::Contains("readable or writable by group or others (mode 0644)"));
    if (old_netrc != nullptr)
        ::setenv("NETRC", saved.c_str(), 1);
    else
        ::unsetenv("NETRC");
}

TEST_CASE("credentials: command, bounded in time, stdout is the secret") {
    iru::test::TempDir dir;
    const std::string secret = iru::test::secret_marker("command");
    const fs::path good = dir.path() / "vault-ok";
    iru::test::write_text(
        good, "#!/bin/sh\necho 'noise on stderr' >&2\nprintf '%s\\n' \"" + secret + "\"\n", 0700);
    auto spec = spec_of(CredentialSpec::Kind::command);
    spec.command = {good.string()};
    CHECK(resolve_credential(spec).view() == secret);

    const fs::path failing = dir.path() / "vault-fail";
    iru::test::write_text(failing, "#!/bin/sh\necho \"" + secret + "\"\nexit 3\n", 0700);
    spec.command = {failing.string()};
    const std::string failed = error_of(spec);
    CHECK_THAT(failed, Catch::Contains("exited with status 3"));
    CHECK(failed.find(secret) == std::string::npos);

    const fs::path slow = dir.path() / "vault-slow";
    iru::test::write_text(slow, "#!/bin/sh\nsleep 20\necho late\n", 0700);
    spec.command = {slow.string()};
    spec.command_timeout = std::chrono::milliseconds(300);
    const auto started = std::chrono::steady_clock::now();
    CHECK_THAT(error_of(spec), Catch::Contains("timed out after 0.300 s"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));

    spec.command_timeout = std::chrono::seconds(20);
    const auto stop_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    try {
        resolve_credential(spec, [stop_at] { return std::chrono::steady_clock::now() > stop_at; });
        FAIL("not stopped");
    } catch (const CredentialError& e) {
        CHECK_THAT(e.what(), Catch::EndsWith(": cancelled"));
    }
    CHECK(std::chrono::steady_clock::now() - stop_at < std::chrono::seconds(2));

    const fs::path silent = dir.path() / "vault-silent";
    iru::test::write_text(silent, "#!/bin/sh\nexit 0\n", 0700);
    spec.command = {silent.string()};
    CHECK_THAT(error_of(spec), Catch::Contains("printed nothing on standard output"));

    spec.command = {(dir.path() / "no-such-helper").string()};
    CHECK_THAT(error_of(spec),
               Catch::Contains("cannot be started") || Catch::Contains("was not found"));
}

TEST_CASE("credentials: a failing command shows the first lines of its stderr, never a secret") {
    iru::test::TempDir dir;
    const std::string planted = iru::test::secret_marker("stderr");
    const std::string stdout_secret =
        "opensesame";  // not shaped like a credential: found as the output
    const fs::path helper = dir.path() / "vault-denied";
    iru::test::write_text(helper,
                          "#!/bin/sh\n"
                          "printf '%s\\n' '" +
                              stdout_secret +
                              "'\n"
                              "echo 'vault: permission denied reading secret/heroku' >&2\n"
                              "echo 'the value was " +
                              stdout_secret +
                              "' >&2\n"
                              "echo 'retry with token=" +
                              planted +
                              "' >&2\n"
                              "echo 'fourth line, not shown' >&2\n"
                              "exit 2\n",
                          0700);
    auto spec = spec_of(CredentialSpec::Kind::command);
    spec.command = {helper.string()};
    const std::string failed = error_of(spec);
    CHECK_THAT(failed, Catch::Contains("exited with status 2"));
    CHECK_THAT(failed, Catch::Contains("vault: permission denied reading secret/heroku"));
    CHECK_THAT(failed, Catch::Contains("the value was [redacted]"));
    CHECK_THAT(failed, Catch::Contains("retry with token=[redacted]"));
    CHECK(failed.find(planted) == std::string::npos);
    CHECK(failed.find(stdout_secret) == std::string::npos);
    CHECK(failed.find("fourth line") == std::string::npos);

    // A helper that floods stderr is drained (it never blocks) and shown bounded.
    const fs::path flood = dir.path() / "vault-flood";
    iru::test::write_text(
        flood, "#!/bin/sh\nyes 'error: backend unavailable' | head -c 1000000 >&2\nexit 4\n", 0700);
    spec.command = {flood.string()};
    const auto started = std::chrono::steady_clock::now();
    const std::string flooded = error_of(spec);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK_THAT(
        flooded,
        Catch::Contains("exited with status 4; its standard error: error: backend unavailable | "));
    CHECK(flooded.size() < 1000);

    // A secret the vault already holds is redacted from another credential's helper error.
    const std::string held = "correcthorsebattery";  // not shaped like a credential: found as held
    ::setenv("IRU_TEST_HELD", held.c_str(), 1);
    auto first = spec_of(CredentialSpec::Kind::env);
    first.env_var = "IRU_TEST_HELD";
    const fs::path echoes = dir.path() / "vault-echo";
    iru::test::write_text(echoes, "#!/bin/sh\necho \"refused: $IRU_HELD\" >&2\nexit 1\n", 0700);
    auto second = spec_of(CredentialSpec::Kind::command);
    second.command = {"/usr/bin/env", "IRU_HELD=" + held, echoes.string()};
    CredentialVault vault({{"a", first}, {"b", second}});
    Received got;
    REQUIRE(vault.lend("a", &Received::take, &got) == IRU_STATUS_OK);
    CHECK(vault.lend("b", &Received::take, &got) == IRU_STATUS_BAD_CONFIG);
    REQUIRE(vault.errors().size() == 1);
    CHECK_THAT(vault.errors()[0], Catch::Contains("refused: [redacted]"));
    CHECK(vault.errors()[0].find(held) == std::string::npos);
    ::unsetenv("IRU_TEST_HELD");
}

TEST_CASE(
    "credentials: the vault lends only configured names, reports errors, finds and redacts "
    "secrets") {
    const std::string secret = iru::test::secret_marker("vault");
    ::setenv("IRU_TEST_VAULT", secret.c_str(), 1);
    auto token = spec_of(CredentialSpec::Kind::env);
    token.env_var = "IRU_TEST_VAULT";
    auto broken = spec_of(CredentialSpec::Kind::env);
    broken.env_var = "IRU_TEST_VAULT_UNSET";
    broken.json_path = "/sources/0/credentials/other";
    ::unsetenv("IRU_TEST_VAULT_UNSET");
    CredentialVault vault({{"token", token}, {"other", broken}});
    Received got;
    CHECK(vault.lend("token", &Received::take, &got) == IRU_STATUS_OK);
    CHECK(got.value == secret);
    CHECK(vault.lend("missing", &Received::take, &got) == IRU_STATUS_NOT_FOUND);
    CHECK(vault.lend("other", &Received::take, &got) == IRU_STATUS_BAD_CONFIG);
    REQUIRE(vault.errors().size() == 1);
    CHECK_THAT(vault.errors()[0], Catch::Contains("IRU_TEST_VAULT_UNSET is not set"));
    CHECK(vault.contains_secret("x " + secret + " y"));
    CHECK(vault.redact("token=" + secret + ";") == "token=[redacted];");
    vault.wipe();
    CHECK_FALSE(vault.contains_secret(secret));
    ::unsetenv("IRU_TEST_VAULT");
}

TEST_CASE("credentials: without $NETRC the netrc file is ~/.netrc") {
    const char* old_netrc = ::getenv("NETRC");
    const std::string saved_netrc = old_netrc != nullptr ? old_netrc : "";
    const char* old_home = ::getenv("HOME");
    const std::string saved_home = old_home != nullptr ? old_home : "";
    ::unsetenv("NETRC");
    ::setenv("HOME", "/home/someone", 1);
    CHECK(netrc_file() == fs::path("/home/someone/.netrc"));
    ::setenv("NETRC", "/elsewhere/netrc", 1);
    CHECK(netrc_file() == fs::path("/elsewhere/netrc"));
    if (old_netrc != nullptr)
        ::setenv("NETRC", saved_netrc.c_str(), 1);
    else
        ::unsetenv("NETRC");
    if (old_home != nullptr) ::setenv("HOME", saved_home.c_str(), 1);
}

TEST_CASE(
    "credentials: netrc comments, quoted tokens, CRLF macdef bodies, the default entry is never a "
    "token") {
    CHECK(netrc_password("# machine api.heroku.com password commented\nmachine api.heroku.com "
                         "password real # note\n",
                         "api.heroku.com") == "real");
    CHECK(netrc_password("machine \"api.heroku.com\" login \"a b\" password \"p w#d \\\"q\\\"\"",
                         "api.heroku.com") == "p w#d \"q\"");
    CHECK(netrc_password("macdef init\r\nmachine api.heroku.com password fake\r\n\r\nmachine "
                         "api.heroku.com password real\r\n",
                         "api.heroku.com") == "real");
    CHECK(netrc_password("machine other password x\r\nmacdef m\r\necho\r\n\r\nmachine "
                         "api.heroku.com\r\n password crlf\r\n",
                         "api.heroku.com") == "crlf");
    CHECK_FALSE(netrc_password("default login anyone password for-any-host\n", "api.heroku.com"));
    CHECK(netrc_password("default password d\nmachine api.heroku.com password real\n",
                         "api.heroku.com") == "real");
    CHECK(netrc_password("machine api.heroku.com password back\\slash", "api.heroku.com") ==
          "back\\slash");
}

TEST_CASE(
    "credentials: a command is a path unless search_path, gets a minimal environment, its status "
    "always counts") {
    json doc = {{"plugin_dir", "p"},
                {"state_dir", "s"},
                {"output_dir", "o"},
                {"sources",
                 json::array({{{"id", "a"},
                               {"plugin", "echo"},
                               {"credentials", {{"token", {{"command", {"vault", "read"}}}}}}}})}};
    CHECK_THROWS_WITH(
        parse_host_config(doc, "/etc/iru/host.json"),
        Catch::Contains("/sources/0/credentials/token/command/0: expected a path to the program") &&
            Catch::Contains("\"search_path\": true"));
    doc["sources"][0]["credentials"]["token"]["search_path"] = true;
    CHECK(parse_host_config(doc, "/etc/iru/host.json")
              .sources[0]
              .credentials.at("token")
              .search_path);
    doc["sources"][0]["credentials"]["token"] = {{"env", "X"}, {"search_path", true}};
    CHECK_THROWS_WITH(parse_host_config(doc, "/etc/iru/host.json"),
                      Catch::Contains("only allowed with \"command\""));

    iru::test::TempDir dir;
    const std::string other_secret = iru::test::secret_marker("host-env");
    ::setenv("IRU_TEST_HOST_ONLY", other_secret.c_str(), 1);
    const fs::path helper = dir.path() / "env-helper";
    iru::test::write_text(
        helper,
        "#!/bin/sh\nprintf 'seen:%s:%s\\n' \"${IRU_TEST_HOST_ONLY:-absent}\" \"${HOME:+home}\"\n",
        0700);
    auto spec = spec_of(CredentialSpec::Kind::command);
    spec.command = {helper.string()};
    CHECK(resolve_credential(spec).view() ==
          "seen:absent:home");  // the host's other variables stay behind
    ::unsetenv("IRU_TEST_HOST_ONLY");

    spec.command = {"sh", "-c", "echo from-path"};
    spec.search_path = true;
    CHECK(resolve_credential(spec).view() == "from-path");
    spec.search_path = false;  // without search_path a bare name is not looked up
    CHECK_THAT(error_of(spec),
               Catch::Contains("cannot be started") || Catch::Contains("was not found"));

    const fs::path killed = dir.path() / "killed-helper";
    iru::test::write_text(killed, "#!/bin/sh\necho looks-fine\nkill -9 $$\n", 0700);
    spec.command = {killed.string()};
    CHECK_THAT(error_of(spec), Catch::Contains("was killed by a signal"));
}
