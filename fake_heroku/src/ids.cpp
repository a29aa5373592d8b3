#include "ids.hpp"

#include <cstdio>
#include <ctime>

namespace iru::fake {

int Rng::between(int lo, int hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<int>(next() % span);
}

bool Rng::chance(double p) {
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p;
}

std::string Rng::uuid() {
    const std::uint64_t a = next();
    const std::uint64_t b = next();
    char buf[37];
    (void)std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx",
                        static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                        static_cast<unsigned>(a & 0x0fff),
                        static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                        static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string rfc3339(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    (void)std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string secret_marker(std::string_view id) {
    std::string s(kSecretMarker);
    s.append(id);
    return s;
}

}  // namespace iru::fake
