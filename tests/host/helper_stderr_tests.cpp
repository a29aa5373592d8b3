// What a failing credential command's standard error may show: redacted first, then bounded.
#include <catch2/catch.hpp>

#include "helper_stderr.hpp"

using namespace iru::host;

TEST_CASE("helper stderr: known values and credential-shaped words are redacted") {
    CHECK(redact_secret_like("got opensesame from the store", {"opensesame"}) ==
          "got [redacted] from the store");
    CHECK(redact_secret_like("login failed: password=hunter2 rejected", {}) ==
          "login failed: password=[redacted] rejected");
    CHECK(redact_secret_like("api_key: \"abc123\"", {}) == "api_key: \"[redacted]\"");
    CHECK(redact_secret_like("sent Authorization: Bearer qwertyuiop", {}) ==
          "sent Authorization: Bearer [redacted]");
    CHECK(redact_secret_like("token HRKU-AAbbCCddEEff is revoked", {}) ==
          "token [redacted] is revoked");
    CHECK(redact_secret_like("key 01234567-89ab-cdef-0123-456789abcdef unknown", {}) ==
          "key [redacted] unknown");
    CHECK(redact_secret_like("blob dGhpcyBpcyBhIHNlY3JldCAxMjM0NQ== left", {}) ==
          "blob [redacted] left");
    // Words a user needs stay.
    CHECK(redact_secret_like("vault: permission denied reading secret/heroku (status 403)", {}) ==
          "vault: permission denied reading secret/heroku (status 403)");
    CHECK(redact_secret_like("token: not found", {}) == "token: not found");
    // A known value inside "[redacted]" cannot loop.
    CHECK(redact_secret_like("dact dact", {"dact"}) == "[redacted] [redacted]");
}

TEST_CASE("helper stderr: the first lines, each cut, printable, joined") {
    CHECK(helper_stderr_excerpt("", {}).empty());
    CHECK(helper_stderr_excerpt("\n  \n", {}).empty());
    CHECK(helper_stderr_excerpt("one\n\ntwo\r\nthree\nfour\n", {}) == "one | two | three | …");
    CHECK(helper_stderr_excerpt("bell\a and \x1b[31mred\n", {}) == "bell? and ?[31mred");
    const std::string excerpt = helper_stderr_excerpt(std::string(500, 'x') + "\n", {});
    CHECK(excerpt == std::string(helper_stderr_line_chars, 'x') + "…");
    // Cut at a character boundary: "é" is two bytes and is never split.
    std::string accented(helper_stderr_line_chars - 1, 'a');
    accented += "éé";
    CHECK(helper_stderr_excerpt(accented, {}) ==
          std::string(helper_stderr_line_chars - 1, 'a') + "…");
    // Redaction comes before the cut: a secret across the cut is not half shown.
    const std::string secret = "plantedvalue";
    const std::string line = std::string(helper_stderr_line_chars - 5, 'b') + " " + secret;
    CHECK(helper_stderr_excerpt(line, {secret}).find("plant") == std::string::npos);
}
