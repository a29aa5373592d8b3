#include "api/not_modified_cost.hpp"

namespace iru::heroku {

std::string_view to_string(NotModifiedCost cost) noexcept {
    switch (cost) {
        case NotModifiedCost::free:
            return "free";
        case NotModifiedCost::one_token:
            return "one_token";
        case NotModifiedCost::unknown:
            break;
    }
    return "unknown";
}

std::optional<NotModifiedCost> not_modified_cost_from(std::string_view text) noexcept {
    for (const NotModifiedCost cost :
         {NotModifiedCost::unknown, NotModifiedCost::free, NotModifiedCost::one_token})
        if (text == to_string(cost)) return cost;
    return std::nullopt;
}

NotModifiedCost classify_sample(const RemainingSample& sample) noexcept {
    if (sample.after >= sample.before) return NotModifiedCost::free;
    if (sample.after == sample.before - 1) return NotModifiedCost::one_token;
    return NotModifiedCost::unknown;
}

NotModifiedCost judge_not_modified_cost(const std::vector<RemainingSample>& samples,
                                        std::size_t needed) noexcept {
    std::size_t free = 0;
    std::size_t one = 0;
    for (const RemainingSample& sample : samples) {
        const NotModifiedCost cost = classify_sample(sample);
        if (cost == NotModifiedCost::free) ++free;
        if (cost == NotModifiedCost::one_token) ++one;
    }
    if (needed == 0) needed = 1;
    if (free >= needed && one == 0) return NotModifiedCost::free;
    if (one >= needed && free == 0) return NotModifiedCost::one_token;
    return NotModifiedCost::unknown;
}

}  // namespace iru::heroku
