// Maps a GET path of the Platform API to the resource it names in the Account, applying the
// access rules and injected faults that belong to resources (403/404). Pagination, auth, Accept and
// the rate limit are the HTTP handler's business. Pure function of its inputs; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_heroku/account.hpp"
#include "fake_heroku/fake_heroku.hpp"

namespace iru::fake {

struct ApiAnswer {
    int status = 200;
    nlohmann::json body;  // object, or array for a list
    std::vector<std::string>
        range_attributes;       // non-empty: a list to paginate; first is the default
    std::size_t page_size = 0;  // > 0: no page holds more, whatever the Range's max
    // The list has no attribute that orders its items uniquely, so it is never cut below
    // Heroku's own page size (ServerConfig::max_page_size does not apply).
    bool single_page = false;
};

// What an answer may depend on besides the path: the query string and the server's clock.
struct RouteContext {
    std::string query;     // raw, without '?'
    std::int64_t now = 0;  // the server's clock, Unix seconds
};

// segments: the decoded path split at '/', empty parts dropped ("/apps/x" -> {"apps", "x"}).
// True when the answer for this path depends on the account only (not on faults): such answers
// may be computed once and reused.
bool answer_is_cacheable(const std::vector<std::string>& segments);

ApiAnswer route_get(const Account& account, const FaultSpec& faults,
                    const std::vector<std::string>& segments, const RouteContext& context = {});

}  // namespace iru::fake
