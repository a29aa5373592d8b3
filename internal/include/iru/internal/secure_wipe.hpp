// The one way the host and the plugin wipe memory that held a secret: explicit_bzero, a store the
// compiler may not drop as dead. Header only; shared code, not part of the plugin ABI.
#pragma once

#include <string.h>  // explicit_bzero (glibc)

#include <cstddef>
#include <string>

namespace iru {

inline void secure_wipe(void* bytes, std::size_t size) noexcept {
    if (bytes != nullptr && size > 0) ::explicit_bzero(bytes, size);
}

// Overwrites a string's whole buffer (its capacity, not only its size), then empties it. The bytes
// past size() may hold an earlier, longer value: growing to the capacity (never a reallocation)
// brings them into reach.
inline void secure_wipe(std::string& text) noexcept {
    text.resize(text.capacity());
    secure_wipe(text.data(), text.size());
    text.clear();
}

}  // namespace iru
