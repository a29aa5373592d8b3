// The one way the host wipes secret bytes: explicit_bzero, which the compiler may not drop as a dead
// store. Header-only, so that the plugin side can share the same name, iru::secure_wipe.
#pragma once

#include <cstddef>
#include <string>

#include <string.h>  // explicit_bzero (glibc)

namespace iru {

inline void secure_wipe(void* bytes, std::size_t size) noexcept {
    if (bytes != nullptr && size > 0) ::explicit_bzero(bytes, size);
}

// Wipes a string's bytes (its whole capacity), then clears it.
inline void secure_wipe(std::string& text) noexcept {
    if (text.capacity() > 0) secure_wipe(text.data(), text.capacity());
    text.clear();
}

}  // namespace iru
