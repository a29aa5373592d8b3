// A set of 64-bit fingerprints in one flat table (open addressing, linear probing): 8-16 bytes an
// entry, no node per entry. Used to notice a URL requested twice in a run without keeping the URLs.
// Not thread-safe: the owner locks.
#pragma once

#include <cstdint>
#include <vector>

namespace iru::heroku {

class FingerprintSet {
public:
    // Inserts f; returns false when it was already there.
    bool insert(std::uint64_t f) {
        if (f == 0) f = 1;  // 0 marks an empty slot
        if ((size_ + 1) * 10 > slots_.size() * 7) grow();
        if (!place(slots_, f)) return false;
        ++size_;
        return true;
    }
    void clear() {
        slots_.clear();
        slots_.shrink_to_fit();
        size_ = 0;
    }
    std::size_t size() const noexcept { return size_; }

private:
    static bool place(std::vector<std::uint64_t>& slots, std::uint64_t f) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(f * 0x9E3779B97F4A7C15ULL) & mask;;
             i = (i + 1) & mask) {
            if (slots[i] == f) return false;
            if (slots[i] == 0) {
                slots[i] = f;
                return true;
            }
        }
    }
    void grow() {
        std::vector<std::uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
        for (const std::uint64_t f : slots_)
            if (f != 0) place(bigger, f);
        slots_.swap(bigger);
    }

    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

}  // namespace iru::heroku
