// Whether a 403 is the token's OAuth scope at work, and what to do about it. Heroku names the
// token's scope in the OAuth-Scope answer header and, on a 403, the scopes the endpoint accepts in
// OAuth-Scope-Accepted. A token without `global` scope cannot read team members (so no two-factor
// evidence) or config var names. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iru::heroku {

inline constexpr std::string_view global_scope_remedy =
    "heroku authorizations:create --description \"Iru Compliance\" --scope global";

// True when a scope list ("global", "read identity", "read, write") names scope.
bool scope_list_has(std::string_view scopes, std::string_view scope);

// The cause and remedy of a 403 on resource when the token's scope explains it: the token's scope
// is known, does not include global, and shares no scope with what the endpoint accepts (when the
// answer said). nullopt when the scope is unknown, global, or accepted by the endpoint.
std::optional<std::string> explain_scope_denial(std::string_view token_scope,
                                                std::string_view accepted,
                                                std::string_view resource);

// The summary's one warning for a run that met such a denial.
std::string scope_warning(std::string_view token_scope);

}  // namespace iru::heroku
