// An enterprise account's audit trail, derived on demand from the account's seed: the same
// enterprise account and day always give the same events, for any day, and nothing is stored.
// Events are spread over the day; a day in seven has none, a day in five has more than two pages
// (audit_page_size a page). Data holds the secrets a real trail may carry (config var values, an
// undocumented member), each marked. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_heroku/account.hpp"

namespace iru::fake {

// The most events one page of GET /enterprise-accounts/{ea}/events holds, whatever Range asks.
inline constexpr std::size_t audit_page_size = 100;

struct AuditDay {
    nlohmann::json events = nlohmann::json::array();  // by created_at
    std::vector<std::string> secrets;                 // every secret value planted above
};

// The events of enterprise account `ea` (an index) on the UTC day `day` (days since the Unix
// epoch) created at or before `until` (Unix seconds).
AuditDay audit_day(const Account& account, std::size_t ea, std::int64_t day, std::int64_t until);

// The monthly archives of enterprise account `ea`: the six months before the month of `now`
// (Unix seconds). Each url carries a secret marker.
AuditDay audit_archives(const Account& account, std::size_t ea, std::int64_t now);

// "2026-12-02" -> days since the Unix epoch; false for anything else.
bool parse_audit_day(const std::string& text, std::int64_t& day);

}  // namespace iru::fake
