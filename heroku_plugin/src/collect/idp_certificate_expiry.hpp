// The summary's warning about identity provider certificates that have expired or expire soon:
// when one does, members of the team can no longer sign in through single sign-on. Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// One certificate of a team's identity provider, as its heroku.identity_provider record says.
struct IdpCertificateFact {
    std::string team;       // the team's name (its id when the name is unknown)
    std::string subject;    // RFC 2253; may be empty
    std::string not_after;  // RFC 3339 UTC
};

// An identity provider certificate is warned about this many days before it expires.
inline constexpr std::int64_t idp_certificate_warning_days = 30;

// True when not_after is at most idp_certificate_warning_days after now, or already past. False
// for a text that is not an RFC 3339 UTC time (nothing is known about it).
bool idp_certificate_expires_soon(std::string_view not_after,
                                  std::chrono::system_clock::time_point now);

// The finding ({level "warn", message, remedy, count}) naming how many certificates expire soon
// (expired ones counted apart) with the one that expires first, or null when none does.
nlohmann::json idp_certificate_finding(const std::vector<IdpCertificateFact>& certificates,
                                       std::chrono::system_clock::time_point now);

}  // namespace iru::heroku
