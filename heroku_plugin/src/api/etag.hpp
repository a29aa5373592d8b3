// Entity tags as the client keeps them between runs: an ETag is not a secret, but it comes from a
// server and goes into the state store and back into a request header, so only a short printable
// value is accepted. Pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace iru::heroku {

// Longer ETags are not kept (Heroku's are a quoted hex digest, well under this).
inline constexpr std::size_t max_etag_length = 200;

// True for 1..max_etag_length visible ASCII characters (0x21..0x7e): what RFC 9110's entity-tag
// grammar allows, less obs-text. Anything else (empty, spaces, control bytes, UTF-8) is refused.
bool etag_usable(std::string_view etag) noexcept;

}  // namespace iru::heroku
