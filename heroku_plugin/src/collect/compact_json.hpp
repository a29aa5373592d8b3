// JSON values kept compressed in memory, many in one byte pool: each value is deflated on its own
// (any one reads back alone) against a dictionary, the text of the first value stored, which holds
// what values of one kind share (field names, common values). A Heroku app costs about 170 bytes
// so, against about 500 compressed alone and 900 as text, and no allocation of its own.
// Not thread-safe; a value read back does not depend on the store's later changes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

class CompactJsonStore {
public:
    using Handle = std::uint32_t;

    CompactJsonStore();
    ~CompactJsonStore();
    CompactJsonStore(const CompactJsonStore&) = delete;
    CompactJsonStore& operator=(const CompactJsonStore&) = delete;

    // Keeps value; the handle reads it back until released. Throws std::length_error for a store
    // past 4 GiB, std::runtime_error when zlib fails.
    Handle add(const nlohmann::json& value);
    // The value back. Throws std::runtime_error if its bytes were corrupted (never in practice).
    nlohmann::json value(Handle handle) const;
    // Gives the value's bytes up (the handle must not be used again); the pool is compacted once
    // released bytes outweigh the kept ones.
    void release(Handle handle);
    void clear();  // every value and every byte

    std::size_t size() const noexcept { return live_; }  // values kept
    std::size_t stored_bytes() const noexcept {
        return pool_.size();
    }  // compressed, released ones included

private:
    struct Slot {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;       // compressed bytes
        std::uint32_t text_size = 0;  // the value's compact text
        bool live = false;
    };
    struct Codec;
    void compact();

    std::unique_ptr<Codec> codec_;  // zlib streams and the dictionary, reused for every value
    std::string pool_;
    std::vector<Slot> slots_;
    std::vector<Handle> free_handles_;
    std::size_t live_ = 0;
    std::size_t released_bytes_ = 0;
};

}  // namespace iru::heroku
