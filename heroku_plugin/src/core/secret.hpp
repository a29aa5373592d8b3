// A secret held in memory only as long as needed: the bytes are wiped when it is cleared or
// destroyed. Not copyable, so a secret never multiplies by accident; it has no stream operator and
// no implicit conversion, so it cannot end up in a log line or exception text without an explicit
// reveal().
//
// Memory that held a secret (the token, the copies of it in request buffers, raw answers holding
// config var values) is wiped with iru::secure_wipe, the one helper the plugin shares with the
// host.
#pragma once

#include <string>
#include <string_view>

#include <iru/internal/secure_wipe.hpp>

namespace iru::heroku {

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
        secure_wipe(value_);
        value_.shrink_to_fit();
    }

private:
    std::string value_;
};

}  // namespace iru::heroku
