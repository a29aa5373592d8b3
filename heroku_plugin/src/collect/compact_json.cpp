#include "collect/compact_json.hpp"

#include <stdexcept>

#include <zlib.h>

namespace iru::heroku {

CompactJson::CompactJson(const nlohmann::json& value) {
    const std::string text = value.dump();
    if (text.size() > UINT32_MAX) throw std::length_error("JSON value too large to keep");
    text_size_ = static_cast<std::uint32_t>(text.size());
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    bytes_.resize(size);
    if (compress2(reinterpret_cast<Bytef*>(bytes_.data()), &size,
                  reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                  Z_BEST_SPEED) != Z_OK)
        throw std::runtime_error("cannot compress a JSON value");
    bytes_.resize(size);
    bytes_.shrink_to_fit();
}

nlohmann::json CompactJson::value() const {
    if (text_size_ == 0) return nlohmann::json();
    std::string text(text_size_, '\0');
    uLongf size = text_size_;
    if (uncompress(reinterpret_cast<Bytef*>(text.data()), &size,
                   reinterpret_cast<const Bytef*>(bytes_.data()), static_cast<uLong>(bytes_.size())) != Z_OK ||
        size != text_size_)
        throw std::runtime_error("a kept JSON value is corrupted");
    return nlohmann::json::parse(text);
}

}  // namespace iru::heroku
