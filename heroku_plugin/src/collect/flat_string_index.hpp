// Strings numbered 0, 1, 2... in the order they were first inserted, kept flat: every string in one
// pool, an entry of 8 bytes each and an open-addressing table of entry numbers, so that an entry
// costs its bytes plus about 14, with no allocation of its own. The per-app tables of a run hold
// tens of thousands of ids this way.
// Value type; not thread-safe to mutate, safe to read from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iru::heroku {

class FlatStringIndex {
public:
    // The number of key, and true when it was inserted now (its number is then the size before).
    // Throws std::length_error beyond 2^32 - 2 entries or pool bytes.
    std::pair<std::uint32_t, bool> insert(std::string_view key);
    std::optional<std::uint32_t> find(std::string_view key) const;
    std::string_view key(std::uint32_t number) const { return view(entries_[number]); }
    std::size_t size() const noexcept { return entries_.size(); }
    // Every entry number, ordered by key (bytewise, as std::string compares).
    std::vector<std::uint32_t> numbers_by_key() const;
    void reserve(std::size_t entries);
    void clear();

private:
    struct Entry {
        std::uint32_t offset;
        std::uint32_t size;
    };
    static constexpr std::uint32_t empty = 0;  // table slots hold entry number + 1

    std::string_view view(const Entry& e) const { return {pool_.data() + e.offset, e.size}; }
    // The slot key is in, or the empty slot where it belongs.
    std::size_t slot_of(std::string_view key) const;
    void grow_table(std::size_t min_slots);

    std::string pool_;
    std::vector<Entry> entries_;
    std::vector<std::uint32_t> table_;  // size a power of two, at most 70 % used
};

}  // namespace iru::heroku
