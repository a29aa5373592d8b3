// The scrubbers of free-form record fields: URLs, command lines, prose, and the token shape.
// Every planted secret carries a unique marker (SCRUBMKnn); each result is compared whole, which
// asserts the marker absent and the rest kept.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "collect/scrubbers.hpp"

using namespace iru::heroku;

namespace {

const std::string marker(scrubbed_marker);

}  // namespace

TEST_CASE("scrub_url keeps scheme, host and port only", "[scrubbers]") {
    CHECK(scrub_url("https://logs.example.com") == "https://logs.example.com");
    CHECK(scrub_url("https://logs.example.com/") == "https://logs.example.com");
    CHECK(scrub_url("syslog+tls://user:SCRUBMK01@logs.papertrailapp.com:12345/x?y#z") ==
          "syslog+tls://logs.papertrailapp.com:12345");
    CHECK(scrub_url("syslog://logs.example.com:514") == "syslog://logs.example.com:514");
    CHECK(scrub_url("HTTPS://USER:SCRUBMK02@Logs.Example.COM:8443/P") ==
          "HTTPS://Logs.Example.COM:8443");
    CHECK(scrub_url("https://host.example.com:/x") == "https://host.example.com");
}

TEST_CASE("scrub_url drops the secret of the common drain providers", "[scrubbers]") {
    const std::string sumo = scrub_url(
        "https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/"
        "ZaVnC4dhaV3SCRUBMK03sumo_yGt9nQp2Lk7vXz0Hj8Rw5Ds4Bf1");
    CHECK(sumo == "https://endpoint1.collection.us2.sumologic.com");
    const std::string loggly =
        scrub_url("https://logs-01.loggly.com/bulk/SCRUBMK04-1a2b3c4d/tag/heroku/");
    CHECK(loggly == "https://logs-01.loggly.com");
    const std::string datadog = scrub_url(
        "https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=SCRUBMK05&ddsource=heroku");
    CHECK(datadog == "https://http-intake.logs.datadoghq.com");
    CHECK(scrub_url("https://drain.example.com/in#SCRUBMK06") == "https://drain.example.com");
    CHECK(scrub_url("https://drain.example.com?token=SCRUBMK07") == "https://drain.example.com");
}

TEST_CASE("scrub_url drops the secret path of webhook receivers", "[scrubbers]") {
    // Slack and Discord incoming webhooks carry their credential in the path.
    CHECK(scrub_url("https://hooks.slack.com/services/T0SCRUB01/B0SCRUB02/SCRUBMK21xxxxxxxxxxxx") ==
          "https://hooks.slack.com");
    CHECK(scrub_url("https://discord.com/api/webhooks/123456/SCRUBMK22-token") ==
          "https://discord.com");
    CHECK(scrub_url("https://hook:SCRUBMK23@hooks.example.com:8443/in/SCRUBMK24?sig=SCRUBMK25") ==
          "https://hooks.example.com:8443");
}

TEST_CASE("scrub_url: delimiters inside the password never leak any part of it", "[scrubbers]") {
    CHECK(scrub_url("https://user:SCRUBMK08#ss@host.example.com/x") == "https://host.example.com");
    CHECK(scrub_url("https://user:SCRUBMK09?ss@host.example.com/x") == "https://host.example.com");
    CHECK(scrub_url("https://user:SCRUBMK10/ss@host.example.com/x") == "https://host.example.com");
    CHECK(scrub_url("https://user:pa@SCRUBMK11@host.example.com/x") == "https://host.example.com");
    CHECK(scrub_url("https://user:p:SCRUBMK12@host.example.com") == "https://host.example.com");
    // The text before the '#' could itself be a host: ambiguous, so nothing is kept.
    CHECK(scrub_url("https://SCRUBMK13#x@host.example.com") == marker);
    CHECK(scrub_url("https://u:1234#SCRUBMK14@host.example.com") == marker);
    // An '@' in the path is ambiguous with a password holding '/'.
    CHECK(scrub_url("https://host.example.com/users/SCRUBMK15@example.com") == marker);
    CHECK(scrub_url("https://u:SCRUBMK16/x@host.example.com/a@b") == marker);
}

TEST_CASE("scrub_url: IPv6, scheme-relative, percent-encoding, whitespace", "[scrubbers]") {
    CHECK(scrub_url("https://u:SCRUBMK17@[2001:db8::1]:6514/x") == "https://[2001:db8::1]:6514");
    CHECK(scrub_url("https://[::1]") == "https://[::1]");
    CHECK(scrub_url("https://[fe80::1%25eth0]/") == marker);
    CHECK(scrub_url("//user:SCRUBMK18@host.example.com/p") == "//host.example.com");
    CHECK(scrub_url("https://us%40er:SCRUB%23MK19@host.example.com/%2Fx") ==
          "https://host.example.com");
    CHECK(scrub_url("https://user%3ASCRUBMK20%40host.example.com/") == marker);
    CHECK(scrub_url("  https://host.example.com/SCRUBMK21 \n") == "https://host.example.com");
    CHECK(scrub_url("https://host.example.com/a b SCRUBMK22") == "https://host.example.com");
    CHECK(scrub_url("https://ho st/SCRUBMK23") == marker);
}

TEST_CASE("scrub_url: anything that is not an absolute URL with a host is replaced",
          "[scrubbers]") {
    for (const char* garbage :
         {"", " ", "SCRUBMK24", "host.example.com/SCRUBMK24", "/relative/SCRUBMK24",
          "mailto:SCRUBMK24@example.com", "https://", "https:///SCRUBMK24", "://SCRUBMK24",
          "https://:SCRUBMK24@", "https://u:SCRUBMK24@", "1https://host/SCRUBMK24",
          "https://host:SCRUBMK24/", "https://host:99999/", "h\x01ps://host/",
          "https://[SCRUBMK24]/", "[REDACTED]", "https://HRKU-SCRUBMK24abc.example.com/"}) {
        INFO(garbage);
        CHECK(scrub_url(garbage) == marker);
    }
}

TEST_CASE("scrub_url: a bad host before a late '@' never lets the path through", "[scrubbers]") {
    CHECK(scrub_url("https://bad%host/p@SCRUBMK25") == marker);
    CHECK(scrub_url("https://u@x:SCRUBMK26@bad%host/p@h") == marker);
    CHECK(scrub_url("https://x7k2m9p4q8r1s5t3v6w0.example.com/p@SCRUBMK27") == marker);
}

TEST_CASE("scrub_url is a fixed point on its own output", "[scrubbers]") {
    for (const char* url : {"https://user:p#w@h.example.com/x", "//h:1/x", "https://[::1]:80/x",
                            "garbage", "HTTPS://H:0080/?q", "https://host.example.com:/"}) {
        const std::string once = scrub_url(url);
        CHECK(scrub_url(once) == once);
    }
}

TEST_CASE("scrub_command replaces the value of every NAME=value", "[scrubbers]") {
    CHECK(scrub_command("DATABASE_URL=postgres://user:SCRUBMK30@host/db rake db:migrate") ==
          "DATABASE_URL=[REDACTED] rake db:migrate");
    CHECK(scrub_command("env A=SCRUBMK31 B=\"SCRUBMK32 with spaces\" bin/rails console") ==
          "env A=[REDACTED] B=[REDACTED] bin/rails console");
    CHECK(scrub_command("A='SCRUBMK33 x'y B=ok ./bin/run") ==
          "A=[REDACTED] B=[REDACTED] ./bin/run");
    CHECK(scrub_command("export X=SCRUBMK34; rake x") == "export X=[REDACTED] rake x");
    CHECK(
        scrub_command("bash -c \"REDIS_URL=redis://h:SCRUBMK35@r:6379 worker --queue default\"") ==
        "bash -c \"REDIS_URL=[REDACTED] worker --queue default\"");
    CHECK(scrub_command("sh -c 'A=\"SCRUBMK36 b\" rake'") == "sh -c 'A=[REDACTED] rake'");
    CHECK(scrub_command("A=SCRUBMK37\\ x rake") == "A=[REDACTED] rake");
    CHECK(scrub_command("rake seed password=SCRUBMK38") == "rake seed password=[REDACTED]");
    CHECK(scrub_command("docker run -e SECRET_KEY_BASE=SCRUBMK39 img") ==
          "docker run -e SECRET_KEY_BASE=[REDACTED] img");
    CHECK(scrub_command("run --env=API_KEY=SCRUBMK40") == "run --env=API_KEY=[REDACTED]");
    CHECK(scrub_command("A= rake") == "A= rake");
    CHECK(scrub_command("A=\"unterminated SCRUBMK41 rest") == "A=[REDACTED]");
}

TEST_CASE("scrub_command replaces the values of secret-ish flags", "[scrubbers]") {
    CHECK(scrub_command("psql --password=SCRUBMK42 -h db") == "psql --password=[REDACTED] -h db");
    CHECK(scrub_command("tool --api-key SCRUBMK43 --verbose") ==
          "tool --api-key [REDACTED] --verbose");
    CHECK(scrub_command("tool --token \"SCRUBMK44 x\" go") == "tool --token [REDACTED] go");
    CHECK(scrub_command("java -Dspring.datasource.password=SCRUBMK45 -jar app.jar") ==
          "java -Dspring.datasource.password=[REDACTED] -jar app.jar");
    CHECK(scrub_command("tool --auth-header SCRUBMK46") == "tool --auth-header [REDACTED]");
    // A flag-looking next word is not taken as the value.
    CHECK(scrub_command("tool --no-password --verbose") == "tool --no-password --verbose");
    // Ordinary flags and their values are kept.
    CHECK(scrub_command("bundle exec puma -C config/puma.rb -p 5000 --workers=2") ==
          "bundle exec puma -C config/puma.rb -p 5000 --workers=2");
    CHECK(scrub_command("bin/rails server -p $PORT -e $RAILS_ENV") ==
          "bin/rails server -p $PORT -e $RAILS_ENV");
}

TEST_CASE("scrub_command scrubs URLs and token-shaped words", "[scrubbers]") {
    CHECK(scrub_command("curl https://user:SCRUBMK50@api.example.com/v1?key=SCRUBMK51 -o x") ==
          "curl https://api.example.com -o x");
    CHECK(scrub_command("psql 'postgres://u:SCRUBMK52@db.example.com:5432/d'") ==
          "psql 'postgres://db.example.com:5432'");
    CHECK(scrub_command("worker --url=https://u:SCRUBMK53@h.example.com/q") ==
          "worker --url=https://h.example.com");
    CHECK(scrub_command("node server.js //u:SCRUBMK54@h.example.com/x") ==
          "node server.js //h.example.com");
    CHECK(scrub_command("curl -H Authorization:Bearer:HRKU-SCRUBMK55aaaa https://x.example.com") ==
          "curl -H Authorization:Bearer:[REDACTED] https://x.example.com");
    CHECK(scrub_command("deploy wJalrXUtnFEMI/K7MDENG/bPxRfiCYSCRUBMK56") == "deploy [REDACTED]");
    CHECK(scrub_command("notify ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gSCRUBMK57") ==
          "notify [REDACTED]");
    CHECK(scrub_command("rake db:migrate") == "rake db:migrate");
    CHECK(scrub_command("bin/rails runner 'Cleanup.run(1)'") ==
          "bin/rails runner 'Cleanup.run(1)'");
}

TEST_CASE("scrub_command is a fixed point on its own output", "[scrubbers]") {
    for (const char* command :
         {"DATABASE_URL=postgres://user:p@host/db rake db:migrate", "A='x y' \"B=c d\" e",
          "sh -c \"A='x\" y' z", "--password secret --token=x -p 1", "x\\ A=b 'C=d",
          "abcDEF123ghiJKL456mnoPQR789=B=c", "a.eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c.d",
          "https://u:p@h/x)... ok"}) {
        const std::string once = scrub_command(command);
        INFO(command << " -> " << once);
        CHECK(scrub_command(once) == once);
    }
    // Found by fuzzing: a replaced "--<token>" after a secret flag is not then taken as its value,
    // and an IPv6 host keeps its closing bracket.
    for (const char* command : {"--token x --token5HRKU-abc", "x ttps://u:p@[2d:0b8::1]/6:4/x",
                                "--passw --pas://h2p2."}) {
        const std::string once = scrub_command(command);
        INFO(command << " -> " << once);
        CHECK(scrub_command(once) == once);
    }
}

TEST_CASE("scrub_text scrubs URLs and tokens and keeps the prose", "[scrubbers]") {
    CHECK(scrub_text("Deploy 3f2a1b9 by ops@example.com") == "Deploy 3f2a1b9 by ops@example.com");
    CHECK(scrub_text("see (https://u:SCRUBMK60@wiki.example.com/page?x=SCRUBMK61).") ==
          "see (https://wiki.example.com).");
    CHECK(scrub_text("Set FOO config vars") == "Set FOO config vars");
    CHECK(scrub_text("token HRKU-SCRUBMK62-0123456789abcdef leaked") == "token [REDACTED] leaked");
    CHECK(scrub_text("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTQ1JVQk1LNjMifQ.c2lnbmF0dXJl end") ==
          "jwt [REDACTED] end");
    // Prose keeps NAME=value (only commands treat it as an assignment).
    CHECK(scrub_text("Rollback to v12 (RAILS_ENV=production)") ==
          "Rollback to v12 (RAILS_ENV=production)");
    const std::string once = scrub_text("url 'https://a:b@h.example.com/x', done");
    CHECK(once == "url 'https://h.example.com', done");
    CHECK(scrub_text(once) == once);
}

TEST_CASE("looks_like_token: credentials", "[scrubbers]") {
    CHECK(looks_like_token("HRKU-AAbbCCddEE"));
    CHECK(looks_like_token("hrku-short"));
    CHECK(looks_like_token("prefix/HRKU-x"));
    CHECK(looks_like_token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc-_123"));
    CHECK(looks_like_token("bYrwEFUjla6a/73b98L+iaX8wqFXNES5vgUX0n6t"));  // 30 random bytes
    CHECK(looks_like_token("sk_live_4eC39HqLyjWDarjtT1zdp7dc"));
    CHECK(looks_like_token("0123456789abcdef0123456789abcdef"));          // 32 hex
    CHECK(looks_like_token("da39a3ee5e6b4b0d3255bfef95601890afd80709"));  // 40 hex
    CHECK(looks_like_token("dGhpcyBpcyBhIHNlY3JldCB2YWx1ZTEyMw=="));
    CHECK(looks_like_token("x7k2m9p4q8r1s5t3v6w0"));
}

TEST_CASE("looks_like_token: ids, dates, versions, words and paths are not tokens", "[scrubbers]") {
    for (const char* word :
         {"",
          "rake",
          "db:migrate",
          "bin/rails",
          "./bin/start-worker2",
          "01234567-89ab-cdef-0123-456789abcdef",
          "01234567-89ab-cdef-0123-456789abcdef/fedcba98-7654-3210-fedc-ba9876543210",
          "2024-01-01T12:00:00Z",
          "20240101120000",
          "1.2.3-beta.1+build.456",
          "ruby-3.2.2",
          "heroku-22",
          "postgresql-curly-42817",
          "sushi-12345-abcdef",
          "web.1",
          "HerokuPostgresDatabase2024Backup",
          "ActiveRecordMigration20240101",
          "config/initializers/active_record_encryption",
          "HEROKU_POSTGRESQL_AMBER_URL",
          "vendor/bundle/ruby/3.2.0/gems",
          "www.example.com",
          "AKIAIOSFODNN7EXAMPLE",
          "abcdefghijklmnopqrstuvwxyz",
          "12345678901234567890123"}) {
        INFO(word);
        CHECK_FALSE(looks_like_token(word));
    }
}
