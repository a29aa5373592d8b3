#include "collect/idp_certificate_expiry.hpp"

#include <algorithm>

#include "collect/time_format.hpp"

namespace iru::heroku {

using nlohmann::json;

bool idp_certificate_expires_soon(std::string_view not_after,
                                  std::chrono::system_clock::time_point now) {
    const auto expires = parse_rfc3339_utc(not_after);
    return expires && *expires - now <= std::chrono::hours(24 * idp_certificate_warning_days);
}

json idp_certificate_finding(const std::vector<IdpCertificateFact>& certificates,
                             std::chrono::system_clock::time_point now) {
    std::vector<const IdpCertificateFact*> soon;
    std::size_t expired = 0;
    for (const auto& certificate : certificates) {
        if (!idp_certificate_expires_soon(certificate.not_after, now)) continue;
        soon.push_back(&certificate);
        if (*parse_rfc3339_utc(certificate.not_after) <= now) ++expired;
    }
    if (soon.empty()) return nullptr;
    const IdpCertificateFact* first = *std::min_element(
        soon.begin(), soon.end(), [](const IdpCertificateFact* a, const IdpCertificateFact* b) {
            return *parse_rfc3339_utc(a->not_after) < *parse_rfc3339_utc(b->not_after);
        });
    const bool first_expired = *parse_rfc3339_utc(first->not_after) <= now;
    std::string message = std::to_string(soon.size()) +
                          " identity provider certificate(s) expired or expiring within " +
                          std::to_string(idp_certificate_warning_days) + " days";
    if (expired > 0) message += " (" + std::to_string(expired) + " expired)";
    message += ": the first, of team " + first->team +
               (first->subject.empty() ? std::string() : " (" + first->subject + ")") +
               (first_expired ? ", expired at " : ", expires at ") + first->not_after +
               "; single sign-on stops working when it expires";
    return {{"level", "warn"},
            {"message", std::move(message)},
            {"remedy",
             "renew the certificate at the identity provider, then update the team's SSO "
             "settings in the Heroku Dashboard with the new one"},
            {"count", soon.size()}};
}

}  // namespace iru::heroku
