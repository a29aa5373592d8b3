#include "snapshot_index.hpp"

#include <nlohmann/json.hpp>

namespace iru::host {
namespace {

using nlohmann::json;

// Follows the nesting depth and keeps the string value of the top-level key "scope".
class ScopeFinder : public nlohmann::json_sax<json> {
public:
    std::optional<std::string> scope;

    bool null() override { return value(); }
    bool boolean(bool /*unused*/) override { return value(); }
    bool number_integer(number_integer_t /*unused*/) override { return value(); }
    bool number_unsigned(number_unsigned_t /*unused*/) override { return value(); }
    bool number_float(number_float_t /*unused*/, const string_t& /*unused*/) override {
        return value();
    }
    bool string(string_t& text) override {
        if (depth_ == 1 && at_scope_) scope = text;
        return value();
    }
    bool binary(binary_t& /*unused*/) override { return value(); }
    bool start_object(std::size_t /*unused*/) override { return open(); }
    bool end_object() override { return close(); }
    bool start_array(std::size_t /*unused*/) override { return open(); }
    bool end_array() override { return close(); }
    bool key(string_t& name) override {
        at_scope_ = depth_ == 1 && name == "scope";
        return true;
    }
    bool parse_error(std::size_t /*unused*/, const std::string& /*unused*/,
                     const nlohmann::detail::exception& /*unused*/) override {
        return false;
    }

private:
    bool value() {
        if (depth_ == 1) at_scope_ = false;
        return true;
    }
    bool open() {
        value();
        ++depth_;
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }
    int depth_ = 0;
    bool at_scope_ = false;
};

}  // namespace

std::optional<std::string> envelope_scope(std::string_view line) {
    ScopeFinder finder;
    if (!json::sax_parse(line.begin(), line.end(), &finder)) return std::nullopt;
    return finder.scope;
}

bool ScopeIndex::add(const std::string& scope, std::uint64_t offset, std::uint64_t length) {
    auto found = spans_.find(scope);
    if (found != spans_.end()) {
        LineSpan& last = found->second.back();
        if (last.offset + last.length == offset) {
            last.length += length;
            ++last.lines;
            return true;
        }
    }
    if (span_count_ >= max_spans) return false;
    if (found == spans_.end()) {
        if (spans_.size() >= max_scopes) return false;
        found = spans_.emplace(scope, std::vector<LineSpan>{}).first;
    }
    found->second.push_back({offset, length, 1});
    ++span_count_;
    return true;
}

const std::vector<LineSpan>* ScopeIndex::find(const std::string& scope) const {
    const auto found = spans_.find(scope);
    return found == spans_.end() ? nullptr : &found->second;
}

}  // namespace iru::host
