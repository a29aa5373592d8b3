// Where each scope's records are in a snapshot's records file (iru.carry_forward/1): scope -> the
// byte spans of its lines. Offsets only, never records: records of one scope written one after the
// other share one span, so an index of S scopes written scope by scope holds S spans.
// Bound: at most max_scopes scopes and max_spans spans; a span is 24 bytes and a scope at most
// IRU_SCOPE_MAX_BYTES plus a map node, so the index stays below about 100,000 x 250 B + 1,000,000
// x 24 B = 50 MiB, and is a few MiB for an account of tens of thousands of apps. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iru::host {

// Lines [offset, offset + length) of a records file, newlines included; `lines` of them.
struct LineSpan {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint64_t lines = 0;
};

// The top-level "scope" of an envelope line when it is a string, read without building the
// record; nullopt when the line has none or is not JSON.
std::optional<std::string> envelope_scope(std::string_view line);

class ScopeIndex {
public:
    static constexpr std::size_t max_scopes = 100'000;
    static constexpr std::size_t max_spans = 1'000'000;

    // Adds the line at offset, `length` bytes with its newline, to scope: extends the scope's last
    // span when the line follows it directly. false (and nothing added) when that would pass
    // max_scopes or max_spans.
    bool add(const std::string& scope, std::uint64_t offset, std::uint64_t length);

    // The scope's spans in file order; nullptr for a scope with no line.
    const std::vector<LineSpan>* find(const std::string& scope) const;

    std::size_t scopes() const { return spans_.size(); }
    std::size_t spans() const { return span_count_; }

private:
    std::map<std::string, std::vector<LineSpan>> spans_;
    std::size_t span_count_ = 0;
};

}  // namespace iru::host
