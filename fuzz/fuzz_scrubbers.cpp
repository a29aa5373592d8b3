// Fuzzes the free-form field scrubbers. For any input: no crash, and each scrubber is idempotent
// (its output is a fixed point). Then the input is cut into parts around planted secrets: a URL
// whose user-info, path, query and fragment hold a marker, and a command whose NAME=value and
// --password= values hold one. No character of a marker may survive: markers are the only source
// of 'Z' (the fuzzer's own bytes have it lowered), so the output may hold no 'Z' at all.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "collect/scrubbers.hpp"

namespace {

namespace h = iru::heroku;

constexpr std::string_view marker = "ZZSECRETZZ";

void require(bool ok) {
    if (!ok) std::abort();
}

void check_fixed_point(std::string_view input) {
    const std::string url = h::scrub_url(input);
    require(h::scrub_url(url) == url);
    const std::string command = h::scrub_command(input);
    require(h::scrub_command(command) == command);
    const std::string text = h::scrub_text(input);
    require(h::scrub_text(text) == text);
}

// The input cut at '\x01' into at most n parts (missing parts empty), with 'Z' lowered.
std::vector<std::string> parts_of(std::string_view input, std::size_t n) {
    std::vector<std::string> parts(1);
    for (const char c : input) {
        if (c == '\x01' && parts.size() < n) {
            parts.emplace_back();
            continue;
        }
        parts.back() += c == 'Z' ? 'z' : c;
    }
    parts.resize(n);
    return parts;
}

std::string without(std::string text, std::string_view chars) {
    std::string out;
    for (const char c : text)
        if (chars.find(c) == std::string_view::npos) out += c;
    return out;
}

// A host of [a-z0-9.-] made from the fuzzer's bytes, never empty.
std::string host_from(const std::string& bytes) {
    static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-";
    std::string host = "h";
    for (const char c : bytes.substr(0, 40))
        host += alphabet[static_cast<unsigned char>(c) % alphabet.size()];
    return host;
}

std::string name_from(const std::string& bytes) {
    std::string name = "N";
    for (const char c : bytes.substr(0, 12))
        name += static_cast<char>('A' + static_cast<unsigned char>(c) % 25);  // never 'Z'
    return name;
}

constexpr std::string_view whitespace = " \t\n\r\v\f";

void check_planted(std::string_view input) {
    const auto p = parts_of(input, 7);
    static constexpr std::array<std::string_view, 4> schemes = {"https", "syslog+tls", "HTTP", ""};
    const std::string_view scheme = schemes[p[6].size() % schemes.size()];
    const std::string user = without(p[1], whitespace);
    const std::string path = without(p[3], whitespace);
    const std::string query = without(p[4], whitespace);
    const std::string url = std::string(scheme) + (scheme.empty() ? "//" : "://") + user + ":" +
                            std::string(marker) + "@" + host_from(p[2]) + "/" + path +
                            std::string(marker) + "?" + query + "k=" + std::string(marker) + "#" +
                            std::string(marker);
    require(h::scrub_url(url).find('Z') == std::string::npos);

    const std::string text = p[0] + " " + url + " " + p[5];
    require(h::scrub_text(text).find('Z') == std::string::npos);

    // Commands: the context before the planted words is kept quote-free, so that they are words.
    const std::string before = without(p[0], "\"'\\");
    const std::string value = without(p[3], " \t\n\r\v\f\"'\\");
    const std::string quoted = without(p[4], "\"\\");
    const std::string command = before + " " + name_from(p[2]) + "=" + value + std::string(marker) +
                                " " + url + " B=\"" + quoted + std::string(marker) +
                                "\" --password=" + std::string(marker) + value + " --db-password " +
                                std::string(marker) + " " + p[5];
    require(h::scrub_command(command).find('Z') == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_fixed_point(input);
    check_planted(input);
    return 0;
}
