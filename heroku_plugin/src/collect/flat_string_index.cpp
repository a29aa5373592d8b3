#include "collect/flat_string_index.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

namespace iru::heroku {

namespace {

constexpr std::size_t max_count = std::numeric_limits<std::uint32_t>::max() - 1;

bool over_full(std::size_t used, std::size_t slots) { return used * 10 >= slots * 7; }

}  // namespace

std::size_t FlatStringIndex::slot_of(std::string_view key) const {
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(key)&mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = table_[i];
        if (slot == empty || view(entries_[slot - 1]) == key) return i;
    }
}

void FlatStringIndex::grow_table(std::size_t min_slots) {
    std::size_t slots = table_.empty() ? 64 : table_.size();
    while (over_full(min_slots, slots)) slots *= 2;
    if (slots == table_.size()) return;
    table_.assign(slots, empty);
    for (std::size_t n = 0; n < entries_.size(); ++n)
        table_[slot_of(view(entries_[n]))] = static_cast<std::uint32_t>(n + 1);
}

std::pair<std::uint32_t, bool> FlatStringIndex::insert(std::string_view key) {
    if (over_full(entries_.size() + 1, table_.size())) grow_table(entries_.size() + 1);
    const std::size_t at = slot_of(key);
    if (table_[at] != empty) return {table_[at] - 1, false};
    if (entries_.size() >= max_count || pool_.size() + key.size() > max_count)
        throw std::length_error("too many strings for a flat index");
    const auto number = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(
        {static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(key.size())});
    pool_.append(key);
    table_[at] = number + 1;
    return {number, true};
}

std::optional<std::uint32_t> FlatStringIndex::find(std::string_view key) const {
    if (table_.empty()) return std::nullopt;
    const std::uint32_t slot = table_[slot_of(key)];
    if (slot == empty) return std::nullopt;
    return slot - 1;
}

std::vector<std::uint32_t> FlatStringIndex::numbers_by_key() const {
    std::vector<std::uint32_t> numbers(entries_.size());
    for (std::size_t n = 0; n < numbers.size(); ++n) numbers[n] = static_cast<std::uint32_t>(n);
    std::sort(numbers.begin(), numbers.end(), [this](std::uint32_t a, std::uint32_t b) {
        return view(entries_[a]) < view(entries_[b]);
    });
    return numbers;
}

void FlatStringIndex::reserve(std::size_t entries) {
    entries_.reserve(entries);
    grow_table(entries);
}

void FlatStringIndex::clear() {
    pool_ = std::string();
    entries_ = std::vector<Entry>();
    table_ = std::vector<std::uint32_t>();
}

}  // namespace iru::heroku
