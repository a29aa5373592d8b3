#include "plugin/check_probes.hpp"

#include <algorithm>

namespace iru::heroku {

using nlohmann::json;

std::string_view to_string(ProbeResult result) noexcept {
    switch (result) {
        case ProbeResult::ok:
            return "ok";
        case ProbeResult::gap:
            return "gap";
        case ProbeResult::failed:
            return "failed";
        case ProbeResult::skipped:
            return "skipped";
    }
    return "failed";
}

json probe_json(const Probe& probe) {
    auto text_or_null = [](const std::string& text) {
        return text.empty() ? json(nullptr) : json(text);
    };
    json out = {{"what", probe.what},
                {"endpoint", text_or_null(probe.endpoint)},
                {"items", probe.items ? json(*probe.items) : json(nullptr)},
                {"result", to_string(probe.result)}};
    if (probe.more) out["more"] = true;
    if (probe.result != ProbeResult::ok) {
        out["gap_kind"] = text_or_null(probe.gap_kind);
        out["cause"] = text_or_null(probe.cause);
        out["remedy"] = text_or_null(probe.remedy);
    }
    return out;
}

CheckResult check_result(std::span<const Probe> probes) noexcept {
    if (probes.empty()) return {Status::internal, "failed"};
    bool gap = false;
    for (const Probe& probe : probes) {
        if (probe.result == ProbeResult::failed)
            return {probe.status == Status::ok || probe.status == Status::partial ? Status::internal
                                                                                  : probe.status,
                    "failed"};
        gap = gap || probe.result == ProbeResult::gap;
    }
    return gap ? CheckResult{Status::partial, "partial"} : CheckResult{Status::ok, "complete"};
}

std::size_t check_request_bound(std::size_t teams_probed, std::size_t admin_teams_probed) noexcept {
    return check_fixed_requests + 2 * teams_probed + std::min(admin_teams_probed, teams_probed);
}

std::string check_request_bound_text() {
    return std::to_string(check_fixed_requests) +
           " + 2 per team probed + 1 per admin team probed, up to " +
           std::to_string(max_teams_probed) + " teams";
}

}  // namespace iru::heroku
