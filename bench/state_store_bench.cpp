// iru-bench-state: the host's state store at the size an incremental collection of a large account
// needs (a few keys per app, tens of thousands of keys). Prints, per size, the time to load the
// file, read every key, change every key, save, and the file's size. Figures, not assertions.
// Usage: iru-bench-state [--keys 5000,50000,100000] [--value-bytes 120]
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "state_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::vector<std::size_t> parse_sizes(const std::string& list) {
    std::vector<std::size_t> sizes;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoul(item));
    return sizes;
}

std::string key_of(std::size_t i) { return "app/" + std::to_string(1000000 + i) + "/read"; }

// A value like the plugin's per-app entry: when read, updated_at and released_at.
std::string value_of(std::size_t i, std::size_t bytes, char generation) {
    std::string v = R"({"read_at":"2026-12-01T00:00:00Z","updated_at":"2026-11-3)" +
                    std::string(1, generation) + R"(T12:00:00Z","n":)" + std::to_string(i) + "}";
    if (v.size() < bytes) v.append(bytes - v.size(), ' ');
    return v;
}

void measure(const std::filesystem::path& folder, std::size_t keys, std::size_t value_bytes) {
    const auto file = folder / ("state-" + std::to_string(keys)) / "state.json";
    {
        iru::host::StateStore fresh(file);
        for (std::size_t i = 0; i < keys; ++i)
            (void)fresh.set(key_of(i), value_of(i, value_bytes, '0'));
        fresh.save();
    }
    auto start = Clock::now();
    iru::host::StateStore store(file);
    const double load = ms_since(start);
    start = Clock::now();
    std::size_t found = 0;
    for (std::size_t i = 0; i < keys; ++i) found += store.get(key_of(i)) ? 1 : 0;
    const double get_all = ms_since(start);
    start = Clock::now();
    for (std::size_t i = 0; i < keys; ++i)
        (void)store.set(key_of(i), value_of(i, value_bytes, '1'));
    const double set_all = ms_since(start);
    start = Clock::now();
    store.save();
    const double save = ms_since(start);
    const double mib = static_cast<double>(std::filesystem::file_size(file)) / (1024.0 * 1024.0);
    std::printf("%10zu %10zu %10.1f %12.1f %12.1f %10.1f %10.2f\n", keys, found, load, get_all,
                set_all, save, mib);
}

}  // namespace

int main(int argc, char** argv) {
    std::string sizes = "5000,50000,100000";
    std::size_t value_bytes = 120;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--keys")
            sizes = argv[i + 1];
        else if (arg == "--value-bytes")
            value_bytes = std::stoul(argv[i + 1]);
    }
    char pattern[] = "/tmp/iru-bench-state-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) return 1;
    const std::filesystem::path folder = pattern;
    std::printf(
        "state store: one JSON file, loaded whole at the start of a run, saved whole at its "
        "end (values of %zu bytes)\n",
        value_bytes);
    std::printf("%10s %10s %10s %12s %12s %10s %10s\n", "keys", "found", "load ms", "get all ms",
                "set all ms", "save ms", "file MiB");
    for (const std::size_t keys : parse_sizes(sizes)) measure(folder, keys, value_bytes);
    std::filesystem::remove_all(folder);
    return 0;
}
