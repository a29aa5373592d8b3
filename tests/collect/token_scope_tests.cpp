// Explaining a 403 by the token's OAuth scope.
#include <catch2/catch.hpp>

#include "collect/token_scope.hpp"

using namespace iru::heroku;

TEST_CASE("scope lists are words separated by spaces or commas", "[token_scope]") {
    CHECK(scope_list_has("global", "global"));
    CHECK(scope_list_has("read identity", "identity"));
    CHECK(scope_list_has("read, write", "write"));
    CHECK_FALSE(scope_list_has("read-protected", "read"));
    CHECK_FALSE(scope_list_has("", "global"));
}

TEST_CASE("a 403 is explained by the scope only when the scope explains it", "[token_scope]") {
    const auto read = explain_scope_denial("read", "global", "/teams/t1/members");
    REQUIRE(read);
    CHECK(read->find("\"read\"") != std::string::npos);
    CHECK(read->find("/teams/t1/members") != std::string::npos);
    CHECK(read->find(global_scope_remedy) != std::string::npos);
    // Without the accepted header, a known non-global scope still explains it.
    const auto unknown_accepted = explain_scope_denial("read identity", "", "/apps/a/config-vars");
    REQUIRE(unknown_accepted);
    CHECK(unknown_accepted->find("\"global\"") != std::string::npos);
    // A global token, an unknown scope, or a scope the endpoint accepts: not the scope's doing.
    CHECK_FALSE(explain_scope_denial("global", "global", "/teams/t1/members"));
    CHECK_FALSE(explain_scope_denial("", "global", "/teams/t1/members"));
    CHECK_FALSE(
        explain_scope_denial("read-protected", "global read-protected", "/apps/a/config-vars"));
    CHECK(scope_warning("read").find(global_scope_remedy) != std::string::npos);
}
