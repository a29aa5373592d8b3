#include "collect/compact_json.hpp"

#include <limits>
#include <stdexcept>

#include <zlib.h>

namespace iru::heroku {

namespace {

// Raw deflate (no header or checksum per value) with an 8 KiB window: a value and its dictionary
// fit, and each stream's state stays near 64 KiB.
constexpr int window_bits = 13;
constexpr int memory_level = 6;
constexpr std::size_t max_dictionary = 4096;
constexpr std::size_t max_pool = std::numeric_limits<std::uint32_t>::max();
// Compaction waits for this much released to be worth a copy.
constexpr std::size_t min_compaction_bytes = std::size_t{64} << 10;

const Bytef* bytes(const std::string& s, std::size_t offset = 0) {
    return reinterpret_cast<const Bytef*>(s.data() + offset);
}

}  // namespace

struct CompactJsonStore::Codec {
    Codec() {
        if (deflateInit2(&deflater, Z_BEST_SPEED, Z_DEFLATED, -window_bits, memory_level,
                         Z_DEFAULT_STRATEGY) != Z_OK)
            throw std::runtime_error("cannot start zlib's deflate");
        if (inflateInit2(&inflater, -window_bits) != Z_OK) {
            deflateEnd(&deflater);
            throw std::runtime_error("cannot start zlib's inflate");
        }
    }
    ~Codec() {
        deflateEnd(&deflater);
        inflateEnd(&inflater);
    }
    Codec(const Codec&) = delete;
    Codec& operator=(const Codec&) = delete;

    // Appends text deflated to out; returns the bytes appended.
    std::size_t deflate_to(const std::string& text, std::string& out) {
        if (dictionary.empty()) dictionary = text.substr(0, max_dictionary);
        if (deflateReset(&deflater) != Z_OK ||
            deflateSetDictionary(&deflater, bytes(dictionary),
                                 static_cast<uInt>(dictionary.size())) != Z_OK)
            throw std::runtime_error("cannot reset zlib's deflate");
        const std::size_t bound = deflateBound(&deflater, static_cast<uLong>(text.size()));
        const std::size_t start = out.size();
        if (start + bound > max_pool) throw std::length_error("too many JSON values to keep");
        out.resize(start + bound);
        deflater.next_in = const_cast<Bytef*>(bytes(text));
        deflater.avail_in = static_cast<uInt>(text.size());
        deflater.next_out = reinterpret_cast<Bytef*>(out.data() + start);
        deflater.avail_out = static_cast<uInt>(bound);
        const int rc = deflate(&deflater, Z_FINISH);
        const std::size_t produced = bound - deflater.avail_out;
        out.resize(start + produced);
        if (rc != Z_STREAM_END) throw std::runtime_error("cannot compress a JSON value");
        return produced;
    }

    std::string inflate_from(const std::string& pool, const Slot& slot) {
        std::string text(slot.text_size, '\0');
        if (inflateReset(&inflater) != Z_OK ||
            inflateSetDictionary(&inflater, bytes(dictionary),
                                 static_cast<uInt>(dictionary.size())) != Z_OK)
            throw std::runtime_error("cannot reset zlib's inflate");
        inflater.next_in = const_cast<Bytef*>(bytes(pool, slot.offset));
        inflater.avail_in = slot.size;
        inflater.next_out = reinterpret_cast<Bytef*>(text.data());
        inflater.avail_out = slot.text_size;
        if (inflate(&inflater, Z_FINISH) != Z_STREAM_END || inflater.avail_out != 0)
            throw std::runtime_error("a kept JSON value is corrupted");
        return text;
    }

    z_stream deflater{};
    z_stream inflater{};
    std::string dictionary;  // the first value's text (its start)
};

CompactJsonStore::CompactJsonStore() : codec_(std::make_unique<Codec>()) {}
CompactJsonStore::~CompactJsonStore() = default;

CompactJsonStore::Handle CompactJsonStore::add(const nlohmann::json& value) {
    const std::string text = value.dump();
    if (text.size() > max_pool) throw std::length_error("a JSON value too large to keep");
    Slot slot;
    slot.offset = static_cast<std::uint32_t>(pool_.size());
    slot.size = static_cast<std::uint32_t>(codec_->deflate_to(text, pool_));
    slot.text_size = static_cast<std::uint32_t>(text.size());
    slot.live = true;
    Handle handle = 0;
    if (!free_handles_.empty()) {
        handle = free_handles_.back();
        free_handles_.pop_back();
        slots_[handle] = slot;
    } else {
        if (slots_.size() >= max_pool) throw std::length_error("too many JSON values to keep");
        handle = static_cast<Handle>(slots_.size());
        slots_.push_back(slot);
    }
    ++live_;
    return handle;
}

nlohmann::json CompactJsonStore::value(Handle handle) const {
    if (handle >= slots_.size() || !slots_[handle].live)
        throw std::logic_error("no JSON value is kept under this handle");
    return nlohmann::json::parse(codec_->inflate_from(pool_, slots_[handle]));
}

void CompactJsonStore::release(Handle handle) {
    if (handle >= slots_.size() || !slots_[handle].live)
        throw std::logic_error("no JSON value is kept under this handle");
    Slot& slot = slots_[handle];
    slot.live = false;
    released_bytes_ += slot.size;
    --live_;
    free_handles_.push_back(handle);
    if (released_bytes_ >= min_compaction_bytes && released_bytes_ * 2 > pool_.size()) compact();
}

void CompactJsonStore::compact() {
    std::string kept;
    kept.reserve(pool_.size() - released_bytes_);
    for (Slot& slot : slots_) {
        if (!slot.live) continue;
        const auto offset = static_cast<std::uint32_t>(kept.size());
        kept.append(pool_, slot.offset, slot.size);
        slot.offset = offset;
    }
    pool_.swap(kept);
    released_bytes_ = 0;
}

void CompactJsonStore::clear() {
    pool_ = std::string();
    slots_ = std::vector<Slot>();
    free_handles_ = std::vector<Handle>();
    live_ = 0;
    released_bytes_ = 0;
    codec_->dictionary.clear();
}

}  // namespace iru::heroku
