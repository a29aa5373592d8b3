#include "collect/filters.hpp"

#include <fnmatch.h>

namespace iru::heroku {

RecordTypeFilter::RecordTypeFilter(const std::set<std::string>& include,
                                   const std::set<std::string>& exclude)
    : include_(include.begin(), include.end()), exclude_(exclude.begin(), exclude.end()) {}

RecordTypeFilter::RecordTypeFilter(const CollectOptions& options)
    : RecordTypeFilter(options.include, options.exclude) {}

bool RecordTypeFilter::enabled(std::string_view type) const {
    if (type == summary_record_type) return true;
    if (!include_.empty() && include_.find(type) == include_.end()) return false;
    return exclude_.find(type) == exclude_.end();
}

bool RecordTypeFilter::any_enabled(std::initializer_list<std::string_view> types) const {
    for (auto t : types)
        if (enabled(t)) return true;
    return false;
}

NameFilter::NameFilter(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}

bool NameFilter::matches(std::string_view id, std::string_view name) const {
    if (patterns_.empty()) return true;
    for (const auto& p : patterns_) {
        if (p == id || p == name) return true;
        if (glob_match(p, name) || glob_match(p, id)) return true;
    }
    return false;
}

bool glob_match(std::string_view pattern, std::string_view text) {
    if (text.empty() && pattern.empty()) return true;
    const std::string p(pattern);
    const std::string t(text);
    return ::fnmatch(p.c_str(), t.c_str(), 0) == 0;
}

}  // namespace iru::heroku
