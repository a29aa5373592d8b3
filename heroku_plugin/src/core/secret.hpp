// A secret held in memory only as long as needed: the bytes are wiped when it is cleared or destroyed.
// Not copyable, so a secret never multiplies by accident; it has no stream operator and no implicit
// conversion, so it cannot end up in a log line or exception text without an explicit reveal().
//
// wipe() and wipe_bytes() are the plugin's one way of wiping memory that held a secret (the token,
// the copies of it in request buffers, raw answers holding config var values).
#pragma once

#include <string.h>  // explicit_bzero (glibc): a wipe the compiler may not remove

#include <cstddef>
#include <string>
#include <string_view>

namespace iru::heroku {

inline void wipe_bytes(void* data, std::size_t size) noexcept {
    if (data && size > 0) explicit_bzero(data, size);
}

// Overwrites the whole buffer of text (its capacity, not only its size), then empties it.
inline void wipe(std::string& text) noexcept {
    // The bytes past size() up to capacity() may hold an earlier, longer value: growing to the
    // capacity (no reallocation) brings them into reach.
    text.resize(text.capacity());
    wipe_bytes(text.data(), text.size());
    text.clear();
}

class Secret {
public:
    Secret() = default;
    explicit Secret(std::string_view value) : value_(value) {}
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;
    Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.clear(); }
    Secret& operator=(Secret&& other) noexcept {
        if (this != &other) {
            clear();
            value_ = std::move(other.value_);
            other.clear();
        }
        return *this;
    }
    ~Secret() { clear(); }

    bool empty() const noexcept { return value_.empty(); }
    // The raw value, for the one place that needs it (the Authorization header, the leak scan).
    std::string_view reveal() const noexcept { return value_; }

    void clear() noexcept {
        wipe(value_);
        value_.shrink_to_fit();
    }

private:
    std::string value_;
};

}  // namespace iru::heroku
