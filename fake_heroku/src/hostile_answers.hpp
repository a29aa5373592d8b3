// What the HostileSpec modes change in an answer. The HTTP handler asks, in order: a denial before
// routing, a raw body instead of the routed one, a rewritten content, then for lists the page size
// and the wrong-shaped items of a page. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_router.hpp"
#include "fake_heroku/account.hpp"
#include "fake_heroku/hostile.hpp"

namespace iru::fake {

struct HostileDenial {
    int status = 403;
    std::string id = "forbidden";
    std::string message;
    std::string scope_accepted;  // OAuth-Scope-Accepted, "" for none
};

using Segments = std::vector<std::string>;

std::optional<HostileDenial> hostile_denial(const Account& account, const HostileSpec& spec,
                                            const Segments& s);

// The whole body to answer 200 with instead of the routed answer (deep nesting).
std::optional<std::string> hostile_raw_body(const Account& account, const HostileSpec& spec,
                                            const Segments& s);

// The answer with planted secrets and extra items; nullopt when the modes leave it as it is.
std::optional<ApiAnswer> hostile_content(const Account& account, const HostileSpec& spec,
                                         const Segments& s, const ApiAnswer& answer);

// The Range header to paginate with: `range_header` with its max cut to half the list for a
// bad-item list; unchanged otherwise (or when it does not parse).
std::string hostile_range(const Account& account, const HostileSpec& spec, const Segments& s,
                          std::string_view range_header, const ApiAnswer& answer);

// Inserts the wrong-shaped item into a page of a bad-item list; `first_page`: no range start.
void hostile_page_items(const Account& account, const HostileSpec& spec, const Segments& s,
                        std::string_view range_header, nlohmann::json& items);

// Every secret the planted_secrets mode serves (empty when it is off).
std::vector<std::string> hostile_secrets(const Account& account, const HostileSpec& spec);

}  // namespace iru::fake
