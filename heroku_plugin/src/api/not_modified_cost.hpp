// What a 304 Not Modified costs in Heroku's rate-limit bucket, as measured from RateLimit-Remaining
// (nobody documents it). Pure: the client gathers the samples, this judges them.
//
// A sample is a 304 sent while no other request of the client was in flight, with the
// RateLimit-Remaining of the answer just before it (taken in the same conditions) and its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace iru::heroku {

struct RemainingSample {
    std::int64_t before = 0;  // RateLimit-Remaining of the answer just before the 304
    std::int64_t after = 0;   // RateLimit-Remaining of the 304
};

enum class NotModifiedCost { unknown, free, one_token };

// "unknown", "free", "one_token".
std::string_view to_string(NotModifiedCost cost) noexcept;
// The inverse of to_string(); nullopt for any other text.
std::optional<NotModifiedCost> not_modified_cost_from(std::string_view text) noexcept;

// One sample: after >= before is free, after == before - 1 one token, anything else (others
// spending the bucket, a refill) unknown.
NotModifiedCost classify_sample(const RemainingSample& sample) noexcept;

// Conclusive samples needed before a verdict.
inline constexpr std::size_t conclusive_samples_needed = 3;

// free or one_token when at least `needed` samples say so and no sample says the other; unknown
// otherwise. Inconclusive samples count for neither.
NotModifiedCost judge_not_modified_cost(const std::vector<RemainingSample>& samples,
                                        std::size_t needed = conclusive_samples_needed) noexcept;

}  // namespace iru::heroku
