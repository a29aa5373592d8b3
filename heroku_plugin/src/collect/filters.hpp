// What the user asked to collect: record types (include / exclude) and teams / apps (names, ids or
// shell globs such as "prod-*"). Immutable after construction; safe to share between threads.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collect/collect_options.hpp"

namespace iru::heroku {

inline constexpr std::string_view summary_record_type = "heroku.collection_summary";

class RecordTypeFilter {
public:
    RecordTypeFilter(const std::set<std::string>& include, const std::set<std::string>& exclude);
    explicit RecordTypeFilter(const CollectOptions& options);

    // The summary is always enabled; any other type when included (or include is empty) and not
    // excluded.
    bool enabled(std::string_view type) const;
    bool any_enabled(std::initializer_list<std::string_view> types) const;

private:
    std::set<std::string, std::less<>> include_;
    std::set<std::string, std::less<>> exclude_;
};

// Matches a resource by id or name against patterns; an empty pattern list matches everything.
class NameFilter {
public:
    explicit NameFilter(std::vector<std::string> patterns);

    bool empty() const noexcept { return patterns_.empty(); }
    bool matches(std::string_view id, std::string_view name) const;

private:
    std::vector<std::string> patterns_;
};

// True when text matches the glob ('*', '?', '[...]' as in a shell, no special '/').
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace iru::heroku
