// Deterministic building blocks of the generated account: a seeded random source, UUIDs,
// RFC 3339 timestamps and secret markers. No global state; a Rng is owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace iru::fake {

inline constexpr std::string_view kSecretMarker = "IRU-SECRET-MARKER-";

// A stream of numbers fixed by its seed (std::mt19937_64 is specified, so portable).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t next() { return engine_(); }
    int between(int lo, int hi);   // uniform in [lo, hi]
    bool chance(double p);         // true with probability p
    std::string uuid();            // a version-4 shaped UUID
    template <typename Container>  // any non-empty indexable container or array
    const auto& pick(const Container& from) {
        return from[static_cast<std::size_t>(between(0, static_cast<int>(std::size(from)) - 1))];
    }

private:
    std::mt19937_64 engine_;
};

// Mixes a seed with a stream number (splitmix64) so sub-generators are independent.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

// "2025-03-01T12:00:00Z" for seconds since the Unix epoch.
std::string rfc3339(std::int64_t unix_seconds);

// A fixed point in time all generated dates are relative to (deterministic output).
inline constexpr std::int64_t kEpochBase = 1'735'689'600;  // 2025-01-01T00:00:00Z

// "IRU-SECRET-MARKER-<id>": the unique piece every planted secret carries.
std::string secret_marker(std::string_view id);

}  // namespace iru::fake
