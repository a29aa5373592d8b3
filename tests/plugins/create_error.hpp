// The calling thread's last failed create, for last_error(NULL) in the test plugins.
// A plain char array: a thread_local with a destructor (std::string) registers a TLS destructor
// that outlives dlclose; LeakSanitizer's tracer then faults at process exit.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace iru::test_plugins {

inline thread_local char create_error[512] = {};

// Stores message (cut to fit); never throws.
inline void set_create_error(std::string_view message) noexcept {
    const std::size_t n =
        message.size() < sizeof create_error ? message.size() : sizeof create_error - 1;
    std::memcpy(create_error, message.data(), n);
    create_error[n] = '\0';
}

}  // namespace iru::test_plugins
